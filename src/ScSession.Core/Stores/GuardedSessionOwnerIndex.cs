namespace ScSession.Internal;

/// <summary>
/// The <see cref="ISessionOwnerIndex"/> the container hands out: the store's own, with every call run through
/// <paramref name="guard"/> (the timeout, and the one wrapping of failures), as the request's store calls are.
/// </summary>
/// <remarks>Arguments are checked here, before the guard, so a caller's mistake is an <see cref="ArgumentException"/>, not a store failure.</remarks>
internal sealed class GuardedSessionOwnerIndex(ISessionOwnerIndex index, StoreOperationGuard guard) : ISessionOwnerIndex
{
    public ValueTask<IReadOnlyList<OwnedSession>> GetOwnerSessionsAsync(string ownerId, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return guard.RunAsync(
            StoreOperation.ListOwnerSessions,
            (Index: index, OwnerId: ownerId, Limit: limit),
            static (s, token) => s.Index.GetOwnerSessionsAsync(s.OwnerId, s.Limit, token),
            cancellationToken);
    }

    public ValueTask<bool> RevokeSessionAsync(string ownerId, string publicId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentException.ThrowIfNullOrEmpty(publicId);
        return guard.RunAsync(
            StoreOperation.RevokeSession,
            (Index: index, OwnerId: ownerId, PublicId: publicId),
            static (s, token) => s.Index.RevokeSessionAsync(s.OwnerId, s.PublicId, token),
            cancellationToken);
    }

    public ValueTask<int> RevokeOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        return guard.RunAsync(
            StoreOperation.RevokeOwnerSessions,
            (Index: index, OwnerId: ownerId),
            static (s, token) => s.Index.RevokeOwnerSessionsAsync(s.OwnerId, token),
            cancellationToken);
    }
}
