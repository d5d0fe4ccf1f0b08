namespace ScSession;

/// <summary>
/// What happens when two requests of one session change the same model at once
/// (<see cref="SessionModelAttribute.Concurrency"/>, <see cref="ScSessionOptions.DefaultConcurrency"/>).
/// </summary>
public enum SessionConcurrency
{
    /// <summary>
    /// The last save wins; a change another request saved meanwhile is overwritten without a word. For data where
    /// that is fine (a theme, a last-visited page). The cookie store can do nothing else: it never sees the other
    /// request.
    /// </summary>
    LastWriteWins = 0,

    /// <summary>
    /// Each save of the model checks that nobody saved it since this request read it; if somebody did, nothing of
    /// the request is saved and it fails with <see cref="SessionConflictException"/> (and
    /// <see cref="ScSessionEvents.OnConflict"/>), so the client can retry. The default on server stores that support it.
    /// </summary>
    Optimistic = 1,

    /// <summary>
    /// The first access to the model in a request takes a lease on it for this session (per session and model): other
    /// requests that want the same model wait until the request releases it, after its save, or at the latest until
    /// <see cref="ScSessionOptions.ExclusiveLeaseDuration"/> has passed (a process that died holding it blocks no
    /// longer). A request that waits longer than <see cref="ScSessionOptions.ExclusiveWaitTimeout"/> fails with
    /// <see cref="SessionLeaseTimeoutException"/>. Other models are never held up. Every change is kept, at the cost
    /// of requests waiting for one another: meant for models that are mostly written (a cart during checkout), not
    /// for models read on every page. Needs a store that implements <see cref="ISessionLeaseStore"/> (memory, Redis,
    /// PostgreSQL).
    /// </summary>
    Exclusive = 2,
}
