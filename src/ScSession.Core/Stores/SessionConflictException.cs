namespace ScSession;

/// <summary>
/// A save found that another request of the same session had saved a model this request changed, after this request
/// read it (<see cref="SessionConcurrency.Optimistic"/>), or, as <see cref="SessionLeaseTimeoutException"/>, waited too
/// long for a model another request held (<see cref="SessionConcurrency.Exclusive"/>). Nothing of this request was
/// saved. Answer it with <c>409 Conflict</c> so the client can retry with the current data; it is never a silent loss.
/// </summary>
public class SessionConflictException : Exception
{
    /// <summary>Creates the exception for the sections that were changed meanwhile.</summary>
    /// <param name="sections">The sections (model section names) saved by another request since this one read them.</param>
    public SessionConflictException(IReadOnlyList<string> sections)
        : base(MessageFor(sections))
    {
        Sections = sections;
    }

    /// <summary>Creates the exception with its own message, for a derived conflict.</summary>
    /// <param name="sections">The sections (model section names) concerned.</param>
    /// <param name="message">What happened and what to do.</param>
    protected SessionConflictException(IReadOnlyList<string> sections, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(sections);
        Sections = sections;
    }

    /// <summary>The sections (model section names) another request saved since this one read them.</summary>
    public IReadOnlyList<string> Sections { get; }

    private static string MessageFor(IReadOnlyList<string> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        return $"The session was not saved: another request changed {string.Join(", ", sections)} since this request read it. Retry the request (answer 409 Conflict to the client), or mark the model [SessionModel(Concurrency = SessionConcurrency.LastWriteWins)] if the last save may win.";
    }
}
