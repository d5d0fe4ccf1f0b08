// Registration hints stored as strings whose names state facts about the password: strength, length, policy.
// expect: none
using ScSession;

namespace Corpus.Auth.Registration;

[SessionModel]
public partial class RegistrationHints
{
    public partial string? PasswordStrength { get; set; }

    public partial string? PasswordPolicy { get; set; }

    public partial string? TokenStatus { get; set; }

    public partial bool MustChangePassword { get; set; }
}
