// A generated API key kept as raw bytes until the user copies it.
// expect: SCSN0101
using ScSession;

namespace Corpus.DeveloperPortal.NewKey;

[SessionModel]
public partial class NewApiKeyState
{
    public partial byte[]? ApiKey { get; set; }

    public partial string? Label { get; set; }
}
