// A developer portal shows which API key the user is looking at: its name, ID and creation date, not the key.
// expect: none
using ScSession;

namespace Corpus.DeveloperPortal;

[SessionModel]
public partial class ApiKeyPageState
{
    public partial string? ApiKeyName { get; set; }

    public partial string? ApiKeyId { get; set; }

    public partial DateTimeOffset? ApiKeyCreatedAt { get; set; }

    public partial bool IsApiKeyRevoked { get; set; }
}
