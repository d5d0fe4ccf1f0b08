using Microsoft.AspNetCore.Http;

namespace ScSession.Internal;

/// <summary>
/// The session cookie and its chunk cookies as the request's <c>Cookie</c> headers carry them, found in one pass over
/// the raw headers. Values are exactly as sent: never %-unescaped or unquoted (ScSession's values are base64url, so
/// any other spelling is malformed, not another way to say the same thing); names compare ordinally; when a name occurs
/// twice the first non-empty value counts (browsers send longer paths, then older cookies, first — RFC 6265 §5.4).
/// </summary>
/// <remarks>
/// ASP.NET Core's <see cref="HttpRequest.Cookies"/> is not used: it unescapes values, matches names without regard to
/// case, and keeps the last duplicate, so several spellings of one value would be accepted, and it builds a dictionary
/// and a string per cookie. The scan allocates nothing for an unchunked cookie (the value is a slice of the header).
/// Its work is one pass over the bytes the request sent.
/// </remarks>
internal readonly struct SessionCookieScan
{
    private readonly ReadOnlyMemory<char>[]? _chunks;

    private SessionCookieScan(ReadOnlyMemory<char> value, bool present, CarriedChunks carried, ReadOnlyMemory<char>[]? chunks)
    {
        Value = value;
        Present = present;
        Carried = carried;
        _chunks = chunks;
    }

    /// <summary>True when the request carries the session cookie with a non-empty value.</summary>
    public bool Present { get; }

    /// <summary>The session cookie's raw value (a slice of the header).</summary>
    public ReadOnlyMemory<char> Value { get; }

    /// <summary>The chunk cookies <c>nameC1</c>…<c>nameC{maxChunks}</c> the request carried.</summary>
    public CarriedChunks Carried { get; }

    /// <summary>The raw value of chunk <paramref name="index"/>, empty when the request did not carry it.</summary>
    public ReadOnlyMemory<char> Chunk(int index) => _chunks is not null && index > 0 && index < _chunks.Length ? _chunks[index] : default;

    /// <summary>Scans the request's <c>Cookie</c> headers for <paramref name="name"/> and its chunks up to <paramref name="maxChunks"/>.</summary>
    public static SessionCookieScan Scan(HttpRequest request, string name, int maxChunks)
    {
        ReadOnlyMemory<char> value = default;
        var present = false;
        var carried = default(CarriedChunks);
        ReadOnlyMemory<char>[]? chunks = null;
        foreach (var header in request.Headers.Cookie)
        {
            if (string.IsNullOrEmpty(header))
            {
                continue;
            }

            var offset = 0;
            while (offset < header.Length)
            {
                var end = header.IndexOf(';', offset);
                if (end < 0)
                {
                    end = header.Length;
                }

                var start = offset;
                offset = end + 1;
                while (start < end && header[start] is ' ' or '\t')
                {
                    start++;
                }

                var stop = end;
                while (stop > start && header[stop - 1] is ' ' or '\t')
                {
                    stop--;
                }

                var pair = header.AsSpan(start, stop - start);
                var equals = pair.IndexOf('=');
                if (equals <= 0 || equals == pair.Length - 1)
                {
                    continue; // not name=value, or an empty value (a deleted cookie): nothing to read
                }

                var pairName = pair[..equals];
                var pairValue = header.AsMemory(start + equals + 1, pair.Length - equals - 1);
                if (CarriedChunks.ChunkIndex(pairName, name, maxChunks) is var index and > 0)
                {
                    if (!carried.Contains(index))
                    {
                        carried = carried.With(index);
                        (chunks ??= new ReadOnlyMemory<char>[maxChunks + 1])[index] = pairValue;
                    }
                }
                else if (!present && pairName.SequenceEqual(name))
                {
                    present = true;
                    value = pairValue;
                }
            }
        }

        return new SessionCookieScan(value, present, carried, chunks);
    }
}
