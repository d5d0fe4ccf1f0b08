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
/// <para>All methods are asynchronous. A store that fails throws its own exception (its client library's): ScSession
/// wraps it, once, in a <see cref="SessionStoreException"/> naming the store and the operation, and the error surfaces
/// to the request, never as a silently dropped write.</para>
/// <para>A store that indexes sessions by owner (<see cref="SessionWrite.OwnerId"/>) also implements
/// <see cref="ISessionOwnerIndex"/>, so an application can list and revoke a user's sessions; ScSession then offers it
/// from the container. A store without one works all the same.</para>
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
    /// <see cref="SessionWrite.IsNew"/> is false and no session exists under <paramref name="key"/> (it was destroyed,
    /// renewed away or revoked meanwhile, or it expired), nothing is written — a late request must not bring a session
    /// back — and, when the write has changed sections, the store throws <see cref="SessionEndedException"/>, so the
    /// change does not vanish in silence.
    /// </summary>
    ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the session from <paramref name="oldKey"/> to <paramref name="newKey"/> (anti-fixation renewal) with its
    /// sections and their versions, stamped with <paramref name="write"/>'s timestamps, time to live, owner and
    /// description; afterwards <paramref name="oldKey"/> loads nothing. A renewal writes no sections
    /// (<see cref="SessionWrite.ChangedSections"/> is empty and <see cref="SessionWrite.ExpectedVersions"/> null): the
    /// request's changes follow in its save. Should be atomic where the store allows it.
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
    /// True when the store keeps a version per section (<see cref="StoredSession.SectionVersions"/>), adds one to it on
    /// every write of the section, and honours <see cref="SessionWrite.ExpectedVersions"/> atomically with the write:
    /// then <see cref="SessionConcurrency.Optimistic"/> models never lose a change silently. False by default: the
    /// store is last-write-wins, and an explicit optimistic policy fails at start-up.
    /// </summary>
    bool SupportsOptimisticConcurrency => false;
}
