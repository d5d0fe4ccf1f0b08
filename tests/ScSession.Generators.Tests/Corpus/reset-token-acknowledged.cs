// A password-reset flow keeps its single-use token on purpose, and says so with [SessionSensitive].
// expect: none
using ScSession;

namespace Corpus.Auth.Reset;

[SessionModel]
public partial class PasswordResetFlow
{
    public partial string? Email { get; set; }

    [SessionSensitive] // single-use, expires with the session
    public partial string? ResetToken { get; set; }

    public partial DateTimeOffset? ResetRequestedAt { get; set; }
}
