using System.Runtime.CompilerServices;

namespace ScSession.Internal;

/// <summary>
/// <see cref="ScSessionOptions.MaxSessionsPerOwner"/> on the configured store: its <see cref="ISessionOwnerLimitStore"/>
/// behind the same guard as the request's store calls, checked at start-up.
/// </summary>
internal sealed class OwnerSessionLimit
{
    private readonly ISessionOwnerLimitStore _store;
    private readonly StoreOperationGuard _guard;

    private OwnerSessionLimit(ISessionOwnerLimitStore store, StoreOperationGuard guard, int maxSessions, MaxSessionsPolicy policy)
    {
        _store = store;
        _guard = guard;
        MaxSessions = maxSessions;
        Policy = policy;
    }

    public int MaxSessions { get; }

    public MaxSessionsPolicy Policy { get; }

    /// <summary>The limit for <paramref name="options"/> on <paramref name="store"/> (null: no limit); throws when the store cannot enforce one.</summary>
    public static OwnerSessionLimit? Create(ScSessionOptions options, ISessionStore? store, StoreOperationGuard? guard)
    {
        if (options.MaxSessionsPerOwner is not { } max)
        {
            return null;
        }

        if (store is null)
        {
            throw new InvalidOperationException(
                $"ScSessionOptions.MaxSessionsPerOwner is {max}, but sessions are kept in cookies, and a cookie that was issued cannot be counted or called back. A per-user session limit needs a server store: AddScSession().AddMemoryStore(), .AddRedisStore(…) or .AddPostgresStore(…). Or leave MaxSessionsPerOwner unset.");
        }

        if (store is not ISessionOwnerLimitStore limits || store is not ISessionOwnerIndex)
        {
            throw new InvalidOperationException(
                $"ScSessionOptions.MaxSessionsPerOwner is {max}, but the session store {store.GetType().Name} cannot hold a user to it without races (it does not implement ISessionOwnerLimitStore and ISessionOwnerIndex). Use the memory, Redis or PostgreSQL store, or leave MaxSessionsPerOwner unset.");
        }

        return new OwnerSessionLimit(limits, guard!, max, options.MaxSessionsPolicy);
    }

    /// <summary>Admits the session just saved under <paramref name="key"/> with <paramref name="ownerId"/> (a write: not cancelled by the client).</summary>
    public async ValueTask<OwnerSessionAdmission> AdmitAsync(string ownerId, string key, DateTimeOffset lastSeenAt)
    {
        var result = new StrongBox<OwnerSessionAdmission>();
        await _guard.WriteAsync(
            StoreOperation.AdmitOwnerSession,
            (Limit: this, OwnerId: ownerId, Key: key, LastSeenAt: lastSeenAt, Result: result),
            static async (s, token) => s.Result.Value = await s.Limit._store.AdmitOwnerSessionAsync(s.OwnerId, s.Key, s.Limit.MaxSessions, s.Limit.Policy, s.LastSeenAt, token).ConfigureAwait(false)).ConfigureAwait(false);
        return result.Value ?? throw new InvalidOperationException($"Session store {_guard.StoreName} returned no admission.");
    }
}
