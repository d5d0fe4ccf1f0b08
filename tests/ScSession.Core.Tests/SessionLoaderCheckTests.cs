using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary>
/// Whether a session read intact is accepted, as a table over its timestamps (minutes relative to now) with
/// IdleTimeout 20 min, AbsoluteTimeout 60 min, MaxClockSkew 5 min.
/// </summary>
public sealed class SessionLoaderCheckTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-30, -1, null)] // used a minute ago
    [InlineData(-59, -19, null)] // just inside both timeouts
    [InlineData(-30, -21, nameof(SessionRejectionReason.ExpiredIdle))]
    [InlineData(-61, -1, nameof(SessionRejectionReason.ExpiredAbsolute))]
    [InlineData(-61, -30, nameof(SessionRejectionReason.ExpiredAbsolute))] // both: the absolute end is reported
    [InlineData(4, 4, null)] // another server's clock a little ahead: within MaxClockSkew
    [InlineData(6, 6, nameof(SessionRejectionReason.InvalidTimestamps))] // created in the future
    [InlineData(-10, 6, nameof(SessionRejectionReason.InvalidTimestamps))] // last seen in the future
    [InlineData(-10, -16, nameof(SessionRejectionReason.InvalidTimestamps))] // last seen before it was created
    [InlineData(-10, -14, null)] // ... by less than MaxClockSkew
    public void Accepts_or_refuses_with_a_reason(int createdMinutes, int lastSeenMinutes, string? expected)
    {
        var options = new ScSessionOptions
        {
            IdleTimeout = TimeSpan.FromMinutes(20),
            AbsoluteTimeout = TimeSpan.FromMinutes(60),
            MaxClockSkew = TimeSpan.FromMinutes(5),
        };
        var envelope = new SessionEnvelope(SessionEnvelope.NewSessionId(), s_now.AddMinutes(createdMinutes), s_now.AddMinutes(lastSeenMinutes));

        Assert.Equal(expected, SessionLoader.Check(envelope, s_now, options)?.ToString());
    }

    [Theory]
    [InlineData(null, -30, -21, nameof(SessionRejectionReason.ExpiredIdle))] // not marked: the normal windows
    [InlineData(false, -30, -21, nameof(SessionRejectionReason.ExpiredIdle))]
    [InlineData(true, -30, -21, null)] // remembered: idle 7 days, absolute 30 days
    [InlineData(true, -60 * 24 * 29, -60 * 24 * 6, null)]
    [InlineData(true, -60 * 24 * 20, -60 * 24 * 8, nameof(SessionRejectionReason.ExpiredIdle))]
    [InlineData(true, -60 * 24 * 31, -1, nameof(SessionRejectionReason.ExpiredAbsolute))]
    public void Uses_the_session_s_own_windows(bool? persistent, int createdMinutes, int lastSeenMinutes, string? expected)
    {
        var options = new ScSessionOptions
        {
            IdleTimeout = TimeSpan.FromMinutes(20),
            AbsoluteTimeout = TimeSpan.FromMinutes(60),
            RememberedIdleTimeout = TimeSpan.FromDays(7),
            RememberedAbsoluteTimeout = TimeSpan.FromDays(30),
        };
        var envelope = new SessionEnvelope(SessionEnvelope.NewSessionId(), s_now.AddMinutes(createdMinutes), s_now.AddMinutes(lastSeenMinutes));
        if (persistent is { } flag)
        {
            envelope.Sections["$persist"] = System.Text.Encoding.UTF8.GetBytes(flag ? """{"persistent":true}""" : """{"persistent":false}""");
        }

        Assert.Equal(expected, SessionLoader.Check(envelope, s_now, options)?.ToString());
    }
}
