namespace ScSession;

/// <summary>
/// A request waited <see cref="ScSessionOptions.ExclusiveWaitTimeout"/> for the lease on an
/// <see cref="SessionConcurrency.Exclusive"/> model that another request of the same session held, and gave up; or it
/// gave up at once: it holds another exclusive model the holder may be waiting for (a deadlock), or it came from a
/// synchronous API, which does not wait.
/// Nothing of this request was saved. It is a <see cref="SessionConflictException"/>, so the same handler answers
/// it (<c>409 Conflict</c>: the client retries later).
/// </summary>
public sealed class SessionLeaseTimeoutException : SessionConflictException
{
    /// <summary>Creates the exception for the section whose lease was not obtained in time.</summary>
    /// <param name="section">The model's section name.</param>
    /// <param name="waited">How long the request waited.</param>
    public SessionLeaseTimeoutException(string section, TimeSpan waited)
        : base([section], FormattableString.Invariant(
            $"Another request of the same session held the session model '{section}' (SessionConcurrency.Exclusive) and this request gave up after waiting {waited.TotalSeconds:0.###} s (ScSession:ExclusiveWaitTimeout). Nothing was saved: retry the request (answer 409 Conflict to the client)."))
    {
        Waited = waited;
    }

    private SessionLeaseTimeoutException(string section, string message, TimeSpan waited)
        : base([section], message)
    {
        Waited = waited;
    }

    /// <summary>How long the request waited for the lease.</summary>
    public TimeSpan Waited { get; }

    /// <summary>
    /// A request that holds the exclusive model <paramref name="heldSection"/> asked for <paramref name="section"/>,
    /// which another request holds: it gives up at once, since that request may be waiting for
    /// <paramref name="heldSection"/> (a deadlock).
    /// </summary>
    internal static SessionLeaseTimeoutException Deadlock(string section, string heldSection) => new(
        section,
        $"This request holds the exclusive session model '{heldSection}' and asked for '{section}', which another request of the same session holds; that request may be waiting for '{heldSection}', so this one gave up at once instead of both waiting until ExclusiveWaitTimeout. Nothing was saved: retry the request (answer 409 Conflict to the client). Requests that take exclusive models in the order of their names always wait; or make one of the two SessionConcurrency.Optimistic.",
        TimeSpan.Zero);

    /// <summary>A synchronous API asked for an exclusive model another request holds: it does not block a thread to wait.</summary>
    internal static SessionLeaseTimeoutException Synchronous(string section) => new(
        section,
        $"A synchronous API (HttpContext.Session, context.Flash(), TempData, constructor injection) asked for the exclusive session model '{section}' while another request of the same session held it. Synchronous APIs do not wait (a blocked thread per waiting request starves the thread pool). Nothing was saved: retry the request (answer 409 Conflict), and take the model asynchronously first so it waits: await HttpContext.Session.LoadAsync(), await context.Flash().LoadAsync() or await context.GetSessionAsync<T>().",
        TimeSpan.Zero);
}
