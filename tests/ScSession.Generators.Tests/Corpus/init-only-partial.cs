// An init-only partial property: the session reads values after construction, so it needs a setter.
// expect: SCSN0008
// own-project: true
using ScSession;

namespace Corpus.Own.InitOnly;

[SessionModel]
public partial class CheckoutContact
{
    public partial string? Email { get; init; }

    public partial string? Phone { get; set; }
}
