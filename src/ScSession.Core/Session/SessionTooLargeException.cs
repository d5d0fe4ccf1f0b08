namespace ScSession;

/// <summary>
/// Thrown when a session does not fit its store: the encoded cookie would exceed
/// <see cref="ScSessionOptions.MaxCookieChunks"/> × <see cref="ScSessionOptions.CookieChunkSize"/> characters.
/// The message names each section and its size.
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

    /// <summary>The size the session would have taken, in the store's unit (characters of cookie value).</summary>
    public int Size { get; }

    /// <summary>The most the store accepts, in the same unit.</summary>
    public int Limit { get; }

    /// <summary>Each section's serialized size in bytes, largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> SectionSizes { get; }
}
