namespace ScSession.Internal;

/// <summary>Where sessions live: in the cookie itself, or in a server-side store behind an ID cookie.</summary>
internal abstract class SessionBackend
{
    /// <summary>True when the session's data travels in the cookie, so every change re-issues the cookie.</summary>
    public abstract bool DataInCookie { get; }

    /// <summary>True when saves can be checked against section versions (<see cref="SessionConcurrency.Optimistic"/>).</summary>
    public virtual bool SupportsOptimisticConcurrency => false;

    /// <summary>The store's leases for <see cref="SessionConcurrency.Exclusive"/> models, or null when it has none.</summary>
    public virtual GuardedLeaseStore? Leases => null;

    /// <summary>Reads a stored session again by its store key (an exclusive model, once its lease is held); server stores only.</summary>
    public virtual ValueTask<StoredSession?> ReadStoredAsync(string key, CancellationToken cancellationToken)
        => throw new NotSupportedException("Sessions kept in cookies are never read again from a store.");

    /// <summary>Turns a cookie value into the session it stands for.</summary>
    public abstract ValueTask<(SessionEnvelope? Envelope, SessionRejectionReason? Rejection)> LoadAsync(ReadOnlyMemory<char> cookieValue, CancellationToken cancellationToken);

    /// <summary>
    /// Persists a save — <paramref name="envelope"/> is the whole session after it, <paramref name="write"/> what changed
    /// (the cookie store encodes the one, a server store writes the other) — and returns the cookie value to send.
    /// Writes are never cancelled by the client.
    /// </summary>
    public abstract ValueTask<string> SaveAsync(SessionEnvelope envelope, SessionWrite write);

    /// <summary>Moves a stored session to a new ID at once, so the old ID stops working (a no-op for the cookie store).</summary>
    public abstract ValueTask RenewAsync(byte[] oldId, SessionEnvelope renewed, SessionWrite write);

    /// <summary>Deletes a stored session at once (a no-op for the cookie store, which can only expire its cookie).</summary>
    public abstract ValueTask DeleteAsync(byte[] sessionId);
}
