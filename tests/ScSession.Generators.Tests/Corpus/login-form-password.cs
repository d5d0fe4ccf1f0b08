// A two-step login keeps the typed password in the session until the second step.
// expect: SCSN0101
using ScSession;

namespace Corpus.Auth.TwoStepLogin;

[SessionModel]
public partial class TwoStepLogin
{
    public partial string? UserName { get; set; }

    public partial string? Password { get; set; }

    public partial int Step { get; set; }
}
