namespace ScSession;

/// <summary>
/// A store that can lease one model of one session to one request at a time, for
/// <see cref="SessionConcurrency.Exclusive"/> models. Implemented by an <see cref="ISessionStore"/> that supports it
/// (memory, Redis, PostgreSQL); an exclusive policy on a store without it fails at start-up.
/// </summary>
/// <remarks>
/// <para>A lease is named by the session's store key and the model's section, and held by a random token. It must
/// end by itself once its duration has passed, so a process that dies holding one blocks the model no longer than
/// that. Taking and releasing are atomic: two requests never both hold a lease, and releasing with a token that no
/// longer holds it (the lease expired and another request took it) does nothing.</para>
/// <para>ScSession does the waiting: it tries <see cref="TryAcquireLeaseAsync"/>, and between tries calls
/// <see cref="WaitForLeaseReleaseAsync"/>, which by default just waits for the delay it is given (polling with a
/// growing delay). A store that can hear a release (an in-process lock, a notification channel) may return sooner.</para>
/// <para>Each call runs within <see cref="ScSessionOptions.StoreTimeout"/>; failures are wrapped in a
/// <see cref="SessionStoreException"/> as for every store operation.</para>
/// </remarks>
public interface ISessionLeaseStore
{
    /// <summary>
    /// Takes the lease on <paramref name="section"/> of the session stored under <paramref name="key"/> for
    /// <paramref name="duration"/>, unless another token holds it and it has not expired.
    /// </summary>
    /// <param name="key">The session's store key (as in <see cref="ISessionStore"/>).</param>
    /// <param name="section">The model's section name.</param>
    /// <param name="token">A random value that identifies this holder; needed to release the lease.</param>
    /// <param name="duration">How long the lease lasts unless released before.</param>
    /// <param name="cancellationToken">Cancelled at the store timeout or when the request is aborted.</param>
    /// <returns>True when the lease is now held by <paramref name="token"/>.</returns>
    ValueTask<bool> TryAcquireLeaseAsync(string key, string section, string token, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Releases the lease if <paramref name="token"/> still holds it; otherwise does nothing.</summary>
    /// <param name="key">The session's store key.</param>
    /// <param name="section">The model's section name.</param>
    /// <param name="token">The token the lease was taken with.</param>
    /// <param name="cancellationToken">Cancelled at the store timeout.</param>
    ValueTask ReleaseLeaseAsync(string key, string section, string token, CancellationToken cancellationToken);

    /// <summary>
    /// Waits before the next try to take a lease that is held: for <paramref name="delay"/>, or less when the store
    /// learns that the lease was released. The default waits the whole delay.
    /// </summary>
    /// <param name="key">The session's store key.</param>
    /// <param name="section">The model's section name.</param>
    /// <param name="delay">The longest to wait.</param>
    /// <param name="cancellationToken">Cancelled when the request is aborted.</param>
    ValueTask WaitForLeaseReleaseAsync(string key, string section, TimeSpan delay, CancellationToken cancellationToken)
        => new(Task.Delay(delay, cancellationToken));
}
