using System.Diagnostics.Metrics;

namespace ScSession.Internal;

/// <summary>ScSession's <see cref="System.Diagnostics.Metrics"/> instruments, on the meter <c>ScSession</c>.</summary>
internal sealed class ScSessionMetrics
{
    public const string MeterName = "ScSession";

    private readonly Counter<long> _created;
    private readonly Counter<long> _renewed;
    private readonly Counter<long> _destroyed;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _conflicts;
    private readonly Histogram<int> _size;
    private readonly Histogram<double> _leaseWait;

    public ScSessionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _created = meter.CreateCounter<long>("scsession.sessions.created", "{session}", "Sessions saved for the first time.");
        _renewed = meter.CreateCounter<long>("scsession.sessions.renewed", "{session}", "Sessions given a new ID (anti-fixation renewal).");
        _destroyed = meter.CreateCounter<long>("scsession.sessions.destroyed", "{session}", "Sessions destroyed (logout).");
        _conflicts = meter.CreateCounter<long>("scsession.sessions.conflicts", "{save}", "Saves refused because another request changed the same model (optimistic concurrency), or requests that gave up waiting for an exclusive model.");
        _rejected = meter.CreateCounter<long>("scsession.sessions.rejected", "{session}", "Sessions sent by clients and refused, by reason.");
        _leaseWait = meter.CreateHistogram<double>("scsession.lease.wait", "s", "How long requests waited to take the lease of an exclusive session model (about 0 when it was free), by outcome: taken or timed-out.");
        _size = meter.CreateHistogram<int>("scsession.session.size", "By", "Size of each saved session: cookie characters for the cookie store, section bytes for server stores.");
    }

    public void Created() => _created.Add(1);

    public void Conflict() => _conflicts.Add(1);

    public void LeaseTaken(TimeSpan waited) => _leaseWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("outcome", "taken"));

    public void LeaseTimedOut(TimeSpan waited) => _leaseWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("outcome", "timed-out"));

    public void Renewed() => _renewed.Add(1);

    public void Destroyed() => _destroyed.Add(1);

    public void Rejected(SessionRejectionReason reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(reason)));

    public void Saved(int size) => _size.Record(size);

    private static string ReasonTag(SessionRejectionReason reason) => reason switch
    {
        SessionRejectionReason.Tampered => "tampered",
        SessionRejectionReason.ExpiredIdle => "expired-idle",
        SessionRejectionReason.ExpiredAbsolute => "expired-absolute",
        SessionRejectionReason.UnknownKey => "unknown-key",
        SessionRejectionReason.Malformed => "malformed",
        SessionRejectionReason.TooLarge => "too-large",
        SessionRejectionReason.NotFound => "not-found",
        _ => "other",
    };
}
