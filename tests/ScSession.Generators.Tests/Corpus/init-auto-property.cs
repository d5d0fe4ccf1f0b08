// An init-only auto-property on a session model, not partial: never stored either.
// expect: SCSN0007
using ScSession;

namespace Corpus.Auth.ReturnUrl;

[SessionModel]
public partial class SignInRedirect
{
    public partial string? Provider { get; set; }

    public string? ReturnUrl { get; init; }
}
