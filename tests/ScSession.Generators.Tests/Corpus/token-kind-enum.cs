// Two-step verification: which kind of one-time code the user chose. An enum cannot hold a secret.
// expect: none
using ScSession;

namespace Corpus.Auth.Verification;

public enum TokenKind
{
    Email,
    Sms,
    AuthenticatorApp,
}

[SessionModel]
public partial class VerificationChoice
{
    public partial TokenKind TokenKind { get; set; }

    public partial string? MaskedPhoneNumber { get; set; }
}
