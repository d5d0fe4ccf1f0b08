namespace ScSession;

/// <summary>
/// A request waited <see cref="ScSessionOptions.ExclusiveWaitTimeout"/> for the lease on an
/// <see cref="SessionConcurrency.Exclusive"/> model that another request of the same session held, and gave up; or it
/// gave up at once because it holds another exclusive model that the holder may be waiting for (a deadlock).
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

    /// <summary>
    /// Creates the exception for a request that holds the exclusive model <paramref name="heldSection"/> and asked
    /// for <paramref name="section"/>, which another request holds: it gives up at once, since that request may be
    /// waiting for <paramref name="heldSection"/> (a deadlock).
    /// </summary>
    /// <param name="section">The model's section name.</param>
    /// <param name="heldSection">The section this request holds, whose name comes after <paramref name="section"/>.</param>
    public SessionLeaseTimeoutException(string section, string heldSection)
        : base([section], $"This request holds the exclusive session model '{heldSection}' and asked for '{section}', which another request of the same session holds; that request may be waiting for '{heldSection}', so this one gave up at once instead of waiting for each other until ExclusiveWaitTimeout. Nothing was saved: retry the request (answer 409 Conflict to the client). Requests that take exclusive models in the order of their names always wait; or make one of the two SessionConcurrency.Optimistic.")
    {
        Waited = TimeSpan.Zero;
    }

    /// <summary>How long the request waited for the lease.</summary>
    public TimeSpan Waited { get; }
}
