// A password-reset token generated with Guid.NewGuid(): a Guid can be a secret too.
// expect: SCSN0101
using ScSession;

namespace Corpus.Auth.ResetGuid;

[SessionModel]
public partial class ResetRequest
{
    public partial string? Email { get; set; }

    public partial Guid PasswordResetToken { get; set; }
}
