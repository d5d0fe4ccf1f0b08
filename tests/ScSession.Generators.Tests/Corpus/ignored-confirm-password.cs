// A sign-up form model bound from the request: the password fields are [SessionIgnore], so they are never stored.
// expect: none
using ScSession;

namespace Corpus.Auth.SignUp;

[SessionModel]
public partial class SignUpDraft
{
    public partial string? Email { get; set; }

    public partial string? DisplayName { get; set; }

    [SessionIgnore]
    public partial string? Password { get; set; }

    [SessionIgnore]
    public partial string? ConfirmPassword { get; set; }
}
