// Recent sign-in attempts shown on a security page; the nested record holds dates, flags and an IP address.
// expect: none
using ScSession;

namespace Corpus.Account.Security;

public sealed record LoginAttempt(DateTimeOffset At, bool PasswordAccepted, string IpAddress);

[SessionModel]
public partial class SecurityPageState
{
    public partial List<LoginAttempt> RecentAttempts { get; set; }

    public partial Guid DeviceId { get; set; }
}
