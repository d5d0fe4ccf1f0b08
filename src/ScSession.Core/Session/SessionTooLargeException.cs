namespace ScSession;

/// <summary>
/// Thrown when a session does not fit its store. With the cookie store: the encoded value would exceed
/// <see cref="ScSessionOptions.MaxCookieChunks"/> cookies of what <see cref="ScSessionOptions.CookieChunkSize"/> leaves
/// for the value once each cookie's name and attributes are counted — 4 × 3,950 = 15,800 characters with the default
/// options. With a server store: the session would hold more than <see cref="ScSessionOptions.MaxSessionSize"/> bytes.
/// The message states the limit and names each section and its size.
/// </summary>
public sealed class SessionTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionTooLargeException(string message, int size, int limit, IReadOnlyList<KeyValuePair<string, int>> sectionSizes)
        : base(message)
    {
        Size = size;
        Limit = limit;
        SectionSizes = sectionSizes;
    }

    /// <summary>
    /// The size the session would have taken, in the store's unit: characters of cookie value (the encrypted,
    /// base64url-encoded session, all chunks together), or bytes of section names and data on a server store.
    /// </summary>
    public int Size { get; }

    /// <summary>The most the store accepts, in the same unit.</summary>
    public int Limit { get; }

    /// <summary>Each section's serialized size in bytes, largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> SectionSizes { get; }
}
