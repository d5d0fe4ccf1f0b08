namespace ScSession;

/// <summary>
/// A session store failed (unreachable, timed out, refused the command). The request fails with it — the
/// application's error handling turns it into a 5xx — rather than losing a session write silently. The message names
/// the store; <see cref="Exception.InnerException"/> holds the client library's error.
/// </summary>
public sealed class SessionStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SessionStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SessionStoreException()
        : base("The session store failed.")
    {
    }
}
