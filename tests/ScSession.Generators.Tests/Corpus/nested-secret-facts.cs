// A nested record of facts about the user's secrets: flags, a strength score, dates and a policy name.
// expect: none
using ScSession;

namespace Corpus.Account.Health;

public sealed record SecurityCheck(bool HasTwoFactor, int PasswordStrength, DateTimeOffset? PasswordChangedAt, string? PasswordPolicy);

[SessionModel]
public partial class AccountHealth
{
    public partial SecurityCheck? LastCheck { get; set; }

    public partial List<SecurityCheck> History { get; set; }
}
