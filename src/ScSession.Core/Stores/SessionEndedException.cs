namespace ScSession;

/// <summary>
/// A save found no session to update: since this request read it, another request renewed it (sign-in), destroyed it
/// (sign-out) or revoked it, or it expired. Nothing was written, so the session is not brought back, and the change is
/// not lost in silence either. It is a <see cref="SessionConflictException"/>, so the same handler answers it
/// (<c>409 Conflict</c>): the client's retry carries the new cookie, or starts a new session.
/// </summary>
public sealed class SessionEndedException : SessionConflictException
{
    /// <summary>Creates the exception for the sections the save would have written.</summary>
    /// <param name="sections">The changed sections (model section names) that were not saved.</param>
    public SessionEndedException(IReadOnlyList<string> sections)
        : base(sections, Describe(sections))
    {
    }

    private static string Describe(IReadOnlyList<string> sections)
        => (sections.Count == 0
            ? "The session was not renewed: another request destroyed or revoked it (or it expired) since this request read it, and a renewal does not bring it back."
            : $"The session was not saved: another request renewed, destroyed or revoked it (or it expired) since this request read it, so the changes to {string.Join(", ", sections)} have no session to go to.")
           + " Retry the request (answer 409 Conflict to the client): the browser has the new cookie by then, or starts a new session.";

    /// <summary>Creates the exception for the changed sections of <paramref name="write"/> (for store authors: a save, or a renewal, that found no session).</summary>
    /// <param name="write">The save that found no session.</param>
    public static SessionEndedException For(SessionWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return new([.. write.ChangedSections.Keys.Order(StringComparer.Ordinal)]);
    }
}
