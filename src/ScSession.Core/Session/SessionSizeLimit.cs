using System.Globalization;
using System.Text;

namespace ScSession.Internal;

/// <summary>
/// The size limits of a session — the cookie budget, <see cref="ScSessionOptions.MaxSessionSize"/> on a server
/// store — and the <see cref="SessionTooLargeException"/> that names each section and its size when one is exceeded.
/// </summary>
internal static class SessionSizeLimit
{
    /// <summary>
    /// The size a server store would hold once <paramref name="changed"/> is applied to <paramref name="sections"/>:
    /// each section's UTF-8 name plus its data. Computed before the envelope is changed, so a refused save changes nothing.
    /// </summary>
    public static int StoredSize(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> changed)
    {
        long size = 0;
        foreach (var (name, data) in sections)
        {
            size += Encoding.UTF8.GetByteCount(name) + (changed.TryGetValue(name, out var replaced) ? replaced.Length : data.Length);
        }

        foreach (var (name, data) in changed)
        {
            if (!sections.ContainsKey(name))
            {
                size += Encoding.UTF8.GetByteCount(name) + data.Length;
            }
        }

        return (int)Math.Min(size, int.MaxValue);
    }

    /// <summary>
    /// Refuses a save that would grow a server-store session over <paramref name="limit"/>
    /// (<see cref="ScSessionOptions.MaxSessionSize"/>); the exception is logged once, by the host, where it is handled.
    /// </summary>
    public static void ThrowIfOverStoreLimit(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> changed, int limit)
    {
        var size = StoredSize(sections, changed);
        if (size > limit)
        {
            throw ForStore(sections, changed, size, limit);
        }
    }

    /// <summary>
    /// The error for a cookie session whose encoded value does not fit <c>MaxCookieChunks</c> cookies. The budget it
    /// states is the one enforced: <paramref name="perChunk"/> is what <paramref name="chunkSize"/> (a whole
    /// <c>Set-Cookie</c> header) leaves for the value once the chunk's name and attributes are counted, so with the
    /// default options it is 3,950 characters, not 4,050.
    /// </summary>
    public static SessionTooLargeException ForCookie(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, int size, int limit, int perChunk, int maxChunks, int chunkSize)
    {
        var sizes = BySize(sections, null);
        var message = Invariant($"The session is too large for its cookie: it encodes to {size:N0} characters, over the budget of {limit:N0}: ")
            + Invariant($"{maxChunks} cookies (MaxCookieChunks) of {perChunk:N0} characters of value each, what CookieChunkSize ({chunkSize:N0}) leaves after the cookie's name and attributes. ")
            + Invariant($"Sections by serialized size: {List(sizes)}. ")
            + "Keep less in the session (store IDs, not whole objects), raise ScSessionOptions.MaxCookieChunks, or use a server-side store.";
        return new SessionTooLargeException(message, size, limit, sizes);
    }

    /// <summary>The error for a server-store session that would grow over <see cref="ScSessionOptions.MaxSessionSize"/>.</summary>
    public static SessionTooLargeException ForStore(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> changed, int size, int limit)
    {
        var sizes = BySize(sections, changed);
        var message = Invariant($"The session is too large for its store: it would hold {size:N0} bytes, over ScSessionOptions.MaxSessionSize ({limit:N0}). ")
            + Invariant($"Sections by serialized size: {List(sizes)}. Nothing was saved. ")
            + "Keep less in the session (store IDs, not whole objects; take flash messages when shown) or raise MaxSessionSize.";
        return new SessionTooLargeException(message, size, limit, sizes);
    }

    private static List<KeyValuePair<string, int>> BySize(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? changed)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, data) in sections)
        {
            sizes[name] = data.Length;
        }

        if (changed is not null)
        {
            foreach (var (name, data) in changed)
            {
                sizes[name] = data.Length;
            }
        }

        return [.. sizes.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)];
    }

    private static string List(List<KeyValuePair<string, int>> sizes)
        => string.Join(", ", sizes.Select(s => Invariant($"{s.Key} {s.Value:N0} bytes")));

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
