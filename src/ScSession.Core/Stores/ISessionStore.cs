namespace ScSession;

/// <summary>
/// A server-side session store: the cookie carries only a random 256-bit session ID and the session lives here.
/// Implement it to keep sessions anywhere; register it with <c>AddScSession().AddStore&lt;T&gt;()</c>.
/// </summary>
/// <remarks>
/// <para>Keys are not session IDs: ScSession passes a SHA-256 hash of the ID (base64url), so a dump of the store does
/// not hand out live sessions.</para>
/// <para>A session is a set of named sections (one per model, plus ScSession's own, whose names start with <c>$</c>).
/// Saves carry only the sections that changed, so two concurrent requests that change different models both
/// persist: a store must merge section by section, not replace the whole session.</para>
/// <para>All methods are asynchronous; a store that fails should throw: the error surfaces to the request, never as a
/// silently dropped write.</para>
/// <para>The <see cref="CancellationToken"/> each method receives is cancelled at <see cref="ScSessionOptions.StoreTimeout"/>
/// (for a load, also when the client goes away); pass it on to the I/O. Writes are never cancelled by the client, so a
/// change the endpoint made is saved, or the request fails loudly.</para>
/// </remarks>
public interface ISessionStore
{
    /// <summary>Loads the session stored under <paramref name="key"/>, or <see langword="null"/> when there is none (or it expired).</summary>
    ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the changed sections and the timestamps of a session, and sets its time to live. When
    /// <see cref="SessionWrite.IsNew"/> is false and no session exists under <paramref name="key"/> (it was destroyed
    /// or renewed away meanwhile), nothing is written: a late request must not bring a session back.
    /// </summary>
    ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the session from <paramref name="oldKey"/> to <paramref name="newKey"/> (anti-fixation renewal), applying
    /// <paramref name="write"/>; afterwards <paramref name="oldKey"/> loads nothing. Should be atomic where the store allows it.
    /// </summary>
    ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken);

    /// <summary>Deletes the session stored under <paramref name="key"/> (logout). Deleting a missing session is not an error.</summary>
    ValueTask DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the life of an existing session without changing its sections (the idle window slides). Does nothing
    /// when the session no longer exists.
    /// </summary>
    ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>
    /// The keys of the live sessions whose owner (<see cref="SessionWrite.OwnerId"/>) is <paramref name="ownerId"/>,
    /// from an index kept by the store — never by scanning every session.
    /// </summary>
    ValueTask<IReadOnlyList<string>> GetOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every session owned by <paramref name="ownerId"/> ("log out everywhere"); returns how many were deleted.
    /// A session whose owner changed since it was indexed is left alone.
    /// </summary>
    ValueTask<int> RevokeOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken);
}

/// <summary>A session as a store returns it.</summary>
public sealed class StoredSession
{
    /// <summary>Creates a stored session.</summary>
    public StoredSession(DateTimeOffset createdAt, DateTimeOffset lastSeenAt, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, string? ownerId = null)
    {
        CreatedAt = createdAt;
        LastSeenAt = lastSeenAt;
        Sections = sections;
        OwnerId = ownerId;
    }

    /// <summary>Who the session belongs to (see <c>SetSessionOwner</c>), or <see langword="null"/>.</summary>
    public string? OwnerId { get; }

    /// <summary>When the session was first created (renewal keeps it; the absolute timeout counts from here).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When the session was last seen (the idle timeout counts from here).</summary>
    public DateTimeOffset LastSeenAt { get; }

    /// <summary>The sections, by name.</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Sections { get; }
}

/// <summary>What one request writes to a store.</summary>
public sealed class SessionWrite
{
    /// <summary>Creates a write.</summary>
    public SessionWrite(
        bool isNew,
        DateTimeOffset createdAt,
        DateTimeOffset lastSeenAt,
        TimeSpan timeToLive,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> changedSections,
        string? ownerId = null)
    {
        OwnerId = ownerId;
        IsNew = isNew;
        CreatedAt = createdAt;
        LastSeenAt = lastSeenAt;
        TimeToLive = timeToLive;
        ChangedSections = changedSections;
    }

    /// <summary>True when the session is created by this write; false when it must already exist.</summary>
    public bool IsNew { get; }

    /// <summary>When the session was first created (renewal keeps it).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When the session was last seen.</summary>
    public DateTimeOffset LastSeenAt { get; }

    /// <summary>How long the store should keep the session from now (the rest of its idle or absolute window, whichever ends first).</summary>
    public TimeSpan TimeToLive { get; }

    /// <summary>The sections that changed, by name; sections not listed keep their stored value. May be empty.</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> ChangedSections { get; }

    /// <summary>
    /// The session's owner (a user ID set with <c>SetSessionOwner</c>), or <see langword="null"/> for none. The store
    /// records it with the session and indexes the session under it for <see cref="ISessionStore.GetOwnerSessionsAsync"/>.
    /// </summary>
    public string? OwnerId { get; }
}
