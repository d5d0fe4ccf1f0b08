namespace ScSession.Internal;

/// <summary>
/// The store's <see cref="ISessionLeaseStore"/> behind the same <see cref="StoreOperationGuard"/> as its other
/// operations (the timeout, and the one wrapping of failures).
/// </summary>
internal sealed class GuardedLeaseStore(ISessionLeaseStore leases, StoreOperationGuard guard)
{
    public ValueTask<bool> TryAcquireAsync(string key, string section, string token, TimeSpan duration, CancellationToken cancellationToken)
        => guard.RunAsync(
            StoreOperation.TakeLease,
            (Leases: leases, Key: key, Section: section, Token: token, Duration: duration),
            static (s, t) => s.Leases.TryAcquireLeaseAsync(s.Key, s.Section, s.Token, s.Duration, t),
            cancellationToken);

    /// <summary>Releases a lease; not cancelled by the client (a release left undone holds other requests up to the lease's end).</summary>
    public ValueTask ReleaseAsync(string key, string section, string token)
        => guard.WriteAsync(
            StoreOperation.ReleaseLease,
            (Leases: leases, Key: key, Section: section, Token: token),
            static (s, t) => s.Leases.ReleaseLeaseAsync(s.Key, s.Section, s.Token, t));

    public ValueTask WaitAsync(string key, string section, TimeSpan delay, CancellationToken cancellationToken)
        => leases.WaitForLeaseReleaseAsync(key, section, delay, cancellationToken);
}
