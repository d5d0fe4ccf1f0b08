// A read-only partial property: the session could never set it.
// expect: SCSN0008
// own-project: true
using ScSession;

namespace Corpus.Own.GetterOnly;

[SessionModel]
public partial class GreetingState
{
    public partial string? DisplayName { get; }

    public partial int Visits { get; set; }
}
