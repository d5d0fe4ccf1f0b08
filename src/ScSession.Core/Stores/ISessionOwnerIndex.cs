namespace ScSession;

/// <summary>
/// The sessions of each owner (the user recorded with <c>SetSessionOwnerAsync</c>): list them ("where am I signed
/// in?"), end one ("sign out that phone"), or end them all ("log out everywhere"). Implemented by the server stores;
/// inject it where the application needs it.
/// </summary>
/// <remarks>
/// <para>From the container, every call runs within <see cref="ScSessionOptions.StoreTimeout"/> and follows the caller's
/// token; a store failure arrives as a <see cref="SessionStoreException"/> naming the store and the operation. With
/// the cookie store there is nothing to list or revoke (a cookie that was issued cannot be called back), and resolving
/// this interface throws an <see cref="InvalidOperationException"/> that says so.</para>
/// <para>A store implementing it keeps an index by owner — it never scans every session — and throws its own exceptions,
/// as for <see cref="ISessionStore"/>. The public ID of a session is the key ScSession gives the store.</para>
/// </remarks>
public interface ISessionOwnerIndex
{
    /// <summary>
    /// The live sessions of <paramref name="ownerId"/>, most recently seen first, at most <paramref name="limit"/> of
    /// them. When the owner has more, which ones are listed is up to the store (see its documentation); ending the
    /// listed ones and listing again reaches the others.
    /// </summary>
    /// <param name="ownerId">The owner, as recorded with <c>SetSessionOwnerAsync</c>.</param>
    /// <param name="limit">The most sessions returned (at least 1): one call's work is bounded by it.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    ValueTask<IReadOnlyList<OwnedSession>> GetOwnerSessionsAsync(string ownerId, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends the session <paramref name="publicId"/> if, and only if, it belongs to <paramref name="ownerId"/>: its next
    /// request starts a fresh session. Returns <see langword="false"/>, changing nothing, when there is no such live
    /// session or it belongs to someone else — so an ID taken from a request cannot end another user's session.
    /// </summary>
    /// <param name="ownerId">The owner the session must belong to.</param>
    /// <param name="publicId">The session's <see cref="OwnedSession.PublicId"/>.</param>
    /// <param name="cancellationToken">Cancels the revocation.</param>
    ValueTask<bool> RevokeSessionAsync(string ownerId, string publicId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends every live session of <paramref name="ownerId"/> ("log out everywhere"); returns how many were ended. A
    /// session whose owner changed meanwhile is left alone.
    /// </summary>
    /// <remarks>
    /// The default lists the owner's sessions a page at a time and revokes each with <see cref="RevokeSessionAsync"/>,
    /// so a store needs to implement this only when it can do better (PostgreSQL: one statement).
    /// </remarks>
    /// <param name="ownerId">The owner whose sessions end.</param>
    /// <param name="cancellationToken">Cancels the revocation; sessions already ended stay ended.</param>
    async ValueTask<int> RevokeOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        const int PageSize = 100;
        var revoked = 0;
        IReadOnlyList<OwnedSession> page;
        int revokedFromPage;
        do
        {
            page = await GetOwnerSessionsAsync(ownerId, PageSize, cancellationToken).ConfigureAwait(false);

            // All of a page at once: a page costs about one round trip to the store, not one per session.
            var results = await Task.WhenAll(page.Select(s => RevokeSessionAsync(ownerId, s.PublicId, cancellationToken).AsTask())).ConfigureAwait(false);
            revokedFromPage = results.Count(ended => ended);
            revoked += revokedFromPage;
        }
        // A short page was the last one. A full page of which nothing could be revoked (ended meanwhile, or re-owned)
        // stops the loop too, so an index that lags behind its sessions cannot keep it going.
        while (page.Count == PageSize && revokedFromPage > 0);

        return revoked;
    }
}
