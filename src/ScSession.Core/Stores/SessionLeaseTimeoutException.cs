namespace ScSession;

/// <summary>
/// A request waited <see cref="ScSessionOptions.ExclusiveWaitTimeout"/> for the lease on an
/// <see cref="SessionConcurrency.Exclusive"/> model that another request of the same session held, and gave up.
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

    /// <summary>How long the request waited for the lease.</summary>
    public TimeSpan Waited { get; }
}
