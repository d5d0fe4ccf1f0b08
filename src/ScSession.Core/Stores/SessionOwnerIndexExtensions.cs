namespace ScSession;

/// <summary>What "sign out everywhere else" needs, built on <see cref="ISessionOwnerIndex"/>.</summary>
public static class SessionOwnerIndexExtensions
{
    /// <summary>How many sessions one listing reads while revoking the others; each is revoked before the next listing.</summary>
    private const int Page = 100;

    /// <summary>
    /// Ends every session of <paramref name="ownerId"/> except the one whose public ID is <paramref name="keepPublicId"/>
    /// (usually the current request's, <c>HttpContext.Session.Id</c>): "sign out everywhere else". Works through the
    /// owner's sessions a listing of 100 at a time, revoking each (owner-checked) before listing again; returns how many
    /// it ended. Sessions the owner starts meanwhile may survive, as with
    /// <see cref="ISessionOwnerIndex.RevokeOwnerSessionsAsync"/>.
    /// </summary>
    public static async Task<int> RevokeOtherSessionsAsync(this ISessionOwnerIndex index, string ownerId, string keepPublicId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(keepPublicId);
        var revoked = 0;
        while (true)
        {
            var others = (await index.GetOwnerSessionsAsync(ownerId, Page + 1, cancellationToken).ConfigureAwait(false))
                .Where(session => session.PublicId != keepPublicId)
                .ToList();
            var ended = 0;
            foreach (var session in others)
            {
                ended += await index.RevokeSessionAsync(ownerId, session.PublicId, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }

            revoked += ended;
            if (others.Count < Page || ended == 0)
            {
                return revoked; // the last page, or nothing could be ended (another request ended them first)
            }
        }
    }
}
