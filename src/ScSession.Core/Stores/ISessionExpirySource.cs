namespace ScSession;

/// <summary>
/// Implemented, optionally, by a server-side <see cref="ISessionStore"/> that can tell when a session dies of its idle
/// or absolute timeout, so ScSession can raise <see cref="ScSessionEvents.OnExpired"/>. A store without it works all the
/// same; an application that sets <see cref="ScSessionEvents.OnExpired"/> on it fails at start-up, saying so.
/// </summary>
/// <remarks>
/// <para>ScSession calls <see cref="StartReportingExpiredAsync"/> once, at host start-up, and only when the application
/// handles <see cref="ScSessionEvents.OnExpired"/>; it disposes the returned registration at shutdown. From then on the
/// store passes each session it finds expired, and removes, to the callback: when a load, a touch, a save or a
/// background cleanup meets it, or when the database tells it (a Redis keyspace notification).</para>
/// <para>Report a session once, by the party that removed it: the callback queues it and returns at once (it never
/// blocks and never throws, so a store may call it under its own lock), and ScSession runs the handlers later, outside
/// any request. A store that cannot know a session's owner or times when it ends reports what it knows.</para>
/// <para>Not every store can: the cookie store keeps no session on the server, and an
/// <see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/> removes expired entries without telling
/// anyone, so neither implements this.</para>
/// </remarks>
public interface ISessionExpirySource
{
    /// <summary>
    /// Starts reporting expired sessions to <paramref name="report"/>; returns what stops it (disposed at shutdown).
    /// Throws when the store cannot report (e.g. the database is configured not to tell), with a message saying what to
    /// change: ScSession logs it as an error and the application runs on without expiry events from that source.
    /// </summary>
    ValueTask<IAsyncDisposable> StartReportingExpiredAsync(Action<ExpiredSession> report, CancellationToken cancellationToken);
}

/// <summary>A session a store found expired and removed, as it reports it to <see cref="ISessionExpirySource"/>'s callback.</summary>
public sealed class ExpiredSession
{
    /// <summary>Creates a report.</summary>
    /// <param name="publicId">The store key, which is the session's public ID.</param>
    /// <param name="ownerId">The session's owner, or <see langword="null"/>.</param>
    /// <param name="createdAt">When the session was created.</param>
    /// <param name="lastSeenAt">When the session was last seen.</param>
    public ExpiredSession(string publicId, string? ownerId, DateTimeOffset createdAt, DateTimeOffset lastSeenAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(publicId);
        PublicId = publicId;
        OwnerId = ownerId;
        CreatedAt = createdAt;
        LastSeenAt = lastSeenAt;
    }

    /// <summary>The session's public ID (the store key; equal to the session's <c>HttpContext.Session.Id</c>).</summary>
    public string PublicId { get; }

    /// <summary>Who the session belonged to (see <c>SetSessionOwnerAsync</c>), or <see langword="null"/>.</summary>
    public string? OwnerId { get; }

    /// <summary>When the session was created (the absolute timeout counts from here).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When the session was last seen (the idle timeout counts from here).</summary>
    public DateTimeOffset LastSeenAt { get; }
}
