namespace ScSession.Internal;

/// <summary>
/// Where a request's session is in its life, which decides what it may still do. Loading is separate: a session is
/// loaded on first use in any phase but <see cref="Closed"/> (an error page rendered for an abandoned request still
/// reads it).
/// </summary>
internal enum SessionPhase
{
    /// <summary>The request is running: models are handed out and changes are saved when asked or at the response start.</summary>
    Open,

    /// <summary>The final save ran when the response started: the cookie is fixed, and a later change is reported as lost.</summary>
    Committed,

    /// <summary>The request failed (or its save did): nothing more is saved, and a re-executed pipeline starts from the request's cookie.</summary>
    Abandoned,

    /// <summary>The ScSession middleware has finished: every use throws, since nothing could save it any more.</summary>
    Closed,
}

/// <summary>The errors for a use of the session its phase does not allow, each saying where the use went wrong.</summary>
internal static class SessionPhaseErrors
{
    /// <summary>Throws when the session is closed: nothing could save a use of it any more.</summary>
    public static void ThrowIfClosed(SessionPhase phase)
    {
        if (phase == SessionPhase.Closed)
        {
            throw Closed();
        }
    }

    /// <summary>Throws when the cookie can no longer follow <paramref name="operation"/> (a renewal or destruction).</summary>
    public static void ThrowIfCookieFixed(SessionPhase phase, string operation)
    {
        if (phase is SessionPhase.Committed or SessionPhase.Abandoned)
        {
            throw CookieFixed(operation, phase);
        }
    }

    public static InvalidOperationException Closed() => new(
        "The session of this request is closed: UseScSession() has finished, so a change made now could never be saved. " +
        "This code runs after the ScSession middleware (in a middleware added before app.UseScSession(), after next() " +
        "returned or after an exception). Use the session in endpoints or in middleware added after app.UseScSession().");

    /// <summary>A renewal or destruction once the cookie can no longer follow it.</summary>
    public static InvalidOperationException CookieFixed(string operation, SessionPhase phase) => phase == SessionPhase.Abandoned
        ? new($"Cannot {operation} the session of a request that failed: nothing more is saved for it, so the store and the cookie would no longer match.")
        : new($"Cannot {operation} the session after the response has started: the cookie can no longer be changed. Call it before writing the response body.");
}
