// A key that starts with "__", which ScSession reserves for its own data.
// expect: SCSN0005
using ScSession;

namespace Corpus.Auth.Redirect;

[SessionModel]
public partial class PostLoginRedirect
{
    [SessionKey("__returnUrl")]
    public partial string? ReturnUrl { get; set; }
}
