namespace ScSession;

/// <summary>
/// Thrown when a server-side session store fails: the server is unreachable, a command timed out, or it rejected a
/// command. The message names the store (for example "PostgreSQL session store: …") and
/// <see cref="Exception.InnerException"/> keeps the driver's error. The request fails (the application's error
/// handling turns it into a 5xx); nothing is silently dropped.
/// </summary>
public sealed class SessionStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionStoreException()
        : base("The session store failed.")
    {
    }

    /// <summary>Creates the exception with a message that names the store.</summary>
    public SessionStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names the store and the driver's error.</summary>
    public SessionStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
