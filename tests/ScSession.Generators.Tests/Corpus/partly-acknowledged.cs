// [SessionSensitive] acknowledges the reset token, but the new password next to it is still reported.
// expect: SCSN0101
using ScSession;

namespace Corpus.Auth.ChangePassword;

[SessionModel]
public partial class ChangePasswordFlow
{
    [SessionSensitive]
    public partial string? ResetToken { get; set; }

    public partial string? NewPassword { get; set; }
}
