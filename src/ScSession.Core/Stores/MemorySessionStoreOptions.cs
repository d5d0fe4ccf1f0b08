namespace ScSession;

/// <summary>Options of the in-memory store (<c>AddMemoryStore()</c>).</summary>
public sealed class MemorySessionStoreOptions
{
    /// <summary>
    /// The most sessions kept. Default: 10,000. When the store is full, a new session makes room by dropping, in this
    /// order: expired sessions found at the front of the eviction queues; the oldest session that was never used again
    /// after the request that created it; and only when there is none, the least recently used of the others. A flood
    /// of new sessions (anonymous requests, bots) therefore pushes out other new sessions, not the ones that are in use.
    /// </summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>
    /// How often, once the application handles <see cref="ScSessionEvents.OnExpired"/>, the store looks through all its
    /// sessions for expired ones, removes them and reports them (one pass under the store's lock). Sessions met by a
    /// request or by eviction are reported sooner. <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/>
    /// turns the scan off. Default: 1 minute.
    /// </summary>
    public TimeSpan ExpiryScanInterval { get; set; } = TimeSpan.FromMinutes(1);
}
