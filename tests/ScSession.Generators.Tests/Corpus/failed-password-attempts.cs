// Login throttling: a counter of failed attempts and the lock-out time. Numbers and dates hold no secret.
// expect: none
using ScSession;

namespace Corpus.Auth.Throttle;

[SessionModel]
public partial class LoginThrottle
{
    public partial int FailedPasswordAttempts { get; set; }

    public partial int PinAttempts { get; set; }

    public partial DateTimeOffset? LockedUntil { get; set; }
}
