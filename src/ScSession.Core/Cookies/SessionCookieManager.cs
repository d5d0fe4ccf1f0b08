using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ScSession.Internal;

internal enum CookieReadStatus
{
    None,
    Found,
    Malformed,
    TooLarge,
}

/// <summary>
/// Reads and writes the session cookie, split into chunks when it is long, in the format of ASP.NET Core's
/// <c>ChunkingCookieManager</c>: <c>name=chunks-N</c> followed by <c>nameC1</c> … <c>nameCN</c>.
/// </summary>
internal sealed class SessionCookieManager
{
    private const string ChunkCountPrefix = "chunks-";
    private readonly int _chunkSize;
    private readonly int _maxChunks;

    public SessionCookieManager(int chunkSize, int maxChunks)
    {
        _chunkSize = chunkSize;
        _maxChunks = maxChunks;
    }

    /// <summary>
    /// Reads the cookie value, joining its chunks, and reports which chunk cookies (<c>nameC1</c>…) the request
    /// actually carried, whatever the value claims: those are the only chunks a response may need to expire.
    /// </summary>
    /// <remarks>
    /// <para>Values are read raw by <see cref="SessionCookieScan"/> (never unescaped); an unchunked value is a slice of
    /// the request's <c>Cookie</c> header: no copy is made.</para>
    /// <para>The work is bounded by the bytes the request sent and by <c>MaxCookieChunks</c>, never by a number the
    /// request claims: a chunk count outside 1…<c>MaxCookieChunks</c> (<c>chunks-2147483647</c>) is malformed, and a
    /// chunk that is missing ends the read at once.</para>
    /// </remarks>
    public CookieReadStatus Read(HttpRequest request, string name, out ReadOnlyMemory<char> value, out CarriedChunks carried)
    {
        value = default;
        var scan = SessionCookieScan.Scan(request, name, _maxChunks);
        carried = scan.Carried;
        if (!scan.Present)
        {
            return CookieReadStatus.None;
        }

        var first = scan.Value.Span;
        if (!first.StartsWith(ChunkCountPrefix, StringComparison.Ordinal))
        {
            if (first.Length > _chunkSize * _maxChunks)
            {
                return CookieReadStatus.TooLarge;
            }

            value = scan.Value;
            return CookieReadStatus.Found;
        }

        var digits = first[ChunkCountPrefix.Length..];
        if (digits.Length is 0 or > 2 || digits[0] == '0'
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count > _maxChunks)
        {
            return CookieReadStatus.Malformed; // a forged or impossible count: never used as a loop bound
        }

        var length = 0;
        for (var i = 1; i <= count; i++)
        {
            if (!carried.Contains(i))
            {
                return CookieReadStatus.Malformed;
            }

            length += scan.Chunk(i).Length;
        }

        if (length > _chunkSize * _maxChunks)
        {
            return CookieReadStatus.TooLarge;
        }

        value = string.Create(length, (Scan: scan, Count: count), static (destination, state) =>
        {
            var offset = 0;
            for (var i = 1; i <= state.Count; i++)
            {
                var chunk = state.Scan.Chunk(i).Span;
                chunk.CopyTo(destination[offset..]);
                offset += chunk.Length;
            }
        }).AsMemory();
        return CookieReadStatus.Found;
    }

    /// <summary>True when the request carries the cookie <paramref name="name"/> (chunked or not) with a value.</summary>
    public static bool HasCookie(HttpRequest request, string name) => SessionCookieScan.Scan(request, name, maxChunks: 0).Present;

    /// <summary>
    /// The most characters of value one cookie can carry once its name and attributes are counted, and the most
    /// the whole session may take.
    /// </summary>
    /// <remarks>
    /// With <paramref name="cacheable"/> (the options carry no extensions), the answer is kept for options that format
    /// to the same length: same attributes, and a <c>max-age</c> with as many digits (<c>expires</c> has a fixed length).
    /// So the per-request cost is a few comparisons, not a formatted header.
    /// </remarks>
    public (int PerChunk, int Total) GetCapacity(string name, CookieOptions options, bool cacheable = false)
    {
        var maxAgeDigits = options.MaxAge is { } maxAge ? Digits((long)maxAge.TotalSeconds) : 0;
        cacheable &= maxAgeDigits >= 0;
        if (cacheable && _capacity is { } cached && cached.Matches(name, options, maxAgeDigits))
        {
            return (cached.PerChunk, cached.PerChunk * _maxChunks);
        }

        var template = options.CreateCookieHeader(ChunkName(name, _maxChunks), string.Empty).ToString().Length;
        var perChunk = Math.Max(_chunkSize - template, 1);
        if (cacheable)
        {
            _capacity = new CapacityEntry(name, options, maxAgeDigits, perChunk);
        }

        return (perChunk, perChunk * _maxChunks);
    }

    private CapacityEntry? _capacity;

    private static int Digits(long value)
    {
        if (value < 0)
        {
            return -1;
        }

        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    /// <summary>The capacity computed for one shape of cookie options (immutable: replaced, never changed).</summary>
    private sealed class CapacityEntry(string name, CookieOptions options, int maxAgeDigits, int perChunk)
    {
        private readonly string _name = name;
        private readonly string? _domain = options.Domain;
        private readonly string? _path = options.Path;
        private readonly bool _secure = options.Secure;
        private readonly bool _httpOnly = options.HttpOnly;
        private readonly SameSiteMode _sameSite = options.SameSite;
        private readonly bool _hasExpires = options.Expires.HasValue;
        private readonly bool _hasMaxAge = options.MaxAge.HasValue;
        private readonly int _maxAgeDigits = maxAgeDigits;

        public int PerChunk { get; } = perChunk;

        public bool Matches(string name, CookieOptions options, int maxAgeDigits)
            => string.Equals(_name, name, StringComparison.Ordinal)
               && string.Equals(_domain, options.Domain, StringComparison.Ordinal)
               && string.Equals(_path, options.Path, StringComparison.Ordinal)
               && _secure == options.Secure
               && _httpOnly == options.HttpOnly
               && _sameSite == options.SameSite
               && _hasExpires == options.Expires.HasValue
               && _hasMaxAge == options.MaxAge.HasValue
               && _maxAgeDigits == maxAgeDigits;
    }

    /// <summary>
    /// Writes <paramref name="value"/>, chunked when needed, and expires the chunks the request carried beyond the new
    /// count. At most <c>MaxCookieChunks + 1</c> <c>Set-Cookie</c> headers: every index written or expired is at most
    /// <c>MaxCookieChunks</c>.
    /// </summary>
    public void Write(HttpContext context, string name, string value, CookieOptions options, int perChunk, CarriedChunks carried)
    {
        var cookies = context.Response.Cookies;
        int newChunkCount;
        if (value.Length <= perChunk)
        {
            cookies.Append(name, value, options);
            newChunkCount = 0;
        }
        else
        {
            newChunkCount = (value.Length + perChunk - 1) / perChunk;
            if (newChunkCount > _maxChunks)
            {
                throw new InvalidOperationException($"A session cookie of {newChunkCount} chunks exceeds MaxCookieChunks ({_maxChunks}); the caller checks the budget first.");
            }

            cookies.Append(name, ChunkCountPrefix + newChunkCount.ToString(CultureInfo.InvariantCulture), options);
            for (var i = 1; i <= newChunkCount; i++)
            {
                var start = (i - 1) * perChunk;
                cookies.Append(ChunkName(name, i), value.Substring(start, Math.Min(perChunk, value.Length - start)), options);
            }
        }

        ExpireChunks(context, name, options, carried, above: newChunkCount);
    }

    /// <summary>Removes the session's <c>Set-Cookie</c> headers added earlier in this response (before writing it again).</summary>
    public static void RemovePendingCookies(HttpContext context, string name)
    {
        var headers = context.Response.Headers;
        var existing = headers.SetCookie;
        if (existing.Count == 0)
        {
            return;
        }

        var kept = new List<string?>(existing.Count);
        foreach (var header in existing)
        {
            if (header is null || !IsSessionCookie(header, name))
            {
                kept.Add(header);
            }
        }

        headers.SetCookie = new Microsoft.Extensions.Primitives.StringValues([.. kept]);
    }

    private static bool IsSessionCookie(string header, string name)
    {
        var separator = header.IndexOf('=', StringComparison.Ordinal);
        if (separator < 0)
        {
            return false;
        }

        var cookieName = header.AsSpan(0, separator);
        if (cookieName.SequenceEqual(name))
        {
            return true;
        }

        return cookieName.StartsWith(name + "C", StringComparison.Ordinal)
               && int.TryParse(cookieName[(name.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>Expires the cookie and every chunk the request carried (at most <c>MaxCookieChunks + 1</c> headers).</summary>
    public static void Delete(HttpContext context, string name, CookieOptions options, CarriedChunks carried)
    {
        context.Response.Cookies.Append(name, string.Empty, Expired(options));
        ExpireChunks(context, name, options, carried, above: 0);
    }

    private static void ExpireChunks(HttpContext context, string name, CookieOptions options, CarriedChunks carried, int above)
    {
        if (!carried.AnyAbove(above))
        {
            return;
        }

        var expired = Expired(options);
        foreach (var index in carried)
        {
            if (index > above)
            {
                context.Response.Cookies.Append(ChunkName(name, index), string.Empty, expired);
            }
        }
    }

    private static CookieOptions Expired(CookieOptions options) => new(options)
    {
        Expires = DateTimeOffset.UnixEpoch,
        MaxAge = null,
    };

    internal static string ChunkName(string name, int index) => name + "C" + index.ToString(CultureInfo.InvariantCulture);
}
