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
    /// Reserved for a lease per session and model, taken at the model's first access, that other requests for the same
    /// model wait for. Not available in this version: no store can honour it yet, so asking for it fails at start-up.
    /// </summary>
    Exclusive = 2,
}
