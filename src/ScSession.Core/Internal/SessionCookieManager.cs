using System.Globalization;
using System.Text;
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

    /// <summary>Reads the cookie value, joining its chunks. <paramref name="chunkCount"/> is 0 for an unchunked cookie.</summary>
    public CookieReadStatus Read(HttpRequest request, string name, out string? value, out int chunkCount)
    {
        value = null;
        chunkCount = 0;
        var first = request.Cookies[name];
        if (first is null)
        {
            return CookieReadStatus.None;
        }

        if (!first.StartsWith(ChunkCountPrefix, StringComparison.Ordinal))
        {
            if (first.Length > _chunkSize * _maxChunks)
            {
                return CookieReadStatus.TooLarge;
            }

            value = first;
            return CookieReadStatus.Found;
        }

        if (!int.TryParse(first.AsSpan(ChunkCountPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            return CookieReadStatus.Malformed;
        }

        chunkCount = count;
        if (count > _maxChunks)
        {
            return CookieReadStatus.TooLarge;
        }

        var builder = new StringBuilder(count * _chunkSize);
        for (var i = 1; i <= count; i++)
        {
            var chunk = request.Cookies[ChunkName(name, i)];
            if (string.IsNullOrEmpty(chunk))
            {
                return CookieReadStatus.Malformed;
            }

            builder.Append(chunk);
            if (builder.Length > _chunkSize * _maxChunks)
            {
                return CookieReadStatus.TooLarge;
            }
        }

        value = builder.ToString();
        return CookieReadStatus.Found;
    }

    /// <summary>
    /// The most characters of value one cookie can carry once its name and attributes are counted, and the most
    /// the whole session may take.
    /// </summary>
    public (int PerChunk, int Total) GetCapacity(string name, CookieOptions options)
    {
        var template = options.CreateCookieHeader(ChunkName(name, _maxChunks), string.Empty).ToString().Length;
        var perChunk = Math.Max(_chunkSize - template, 1);
        return (perChunk, perChunk * _maxChunks);
    }

    /// <summary>Writes <paramref name="value"/>, chunked when needed, and expires chunks the previous cookie had beyond the new count.</summary>
    public void Write(HttpContext context, string name, string value, CookieOptions options, int perChunk, int previousChunkCount)
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
            cookies.Append(name, ChunkCountPrefix + newChunkCount.ToString(CultureInfo.InvariantCulture), options);
            for (var i = 1; i <= newChunkCount; i++)
            {
                var start = (i - 1) * perChunk;
                cookies.Append(ChunkName(name, i), value.Substring(start, Math.Min(perChunk, value.Length - start)), options);
            }
        }

        ExpireChunks(context, name, options, newChunkCount + 1, previousChunkCount);
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

    /// <summary>Expires the cookie and all of the chunks the request had.</summary>
    public void Delete(HttpContext context, string name, CookieOptions options, int previousChunkCount)
    {
        context.Response.Cookies.Append(name, string.Empty, Expired(options));
        ExpireChunks(context, name, options, 1, previousChunkCount);
    }

    private static void ExpireChunks(HttpContext context, string name, CookieOptions options, int from, int to)
    {
        if (from > to)
        {
            return;
        }

        var expired = Expired(options);
        for (var i = from; i <= to; i++)
        {
            context.Response.Cookies.Append(ChunkName(name, i), string.Empty, expired);
        }
    }

    private static CookieOptions Expired(CookieOptions options) => new(options)
    {
        Expires = DateTimeOffset.UnixEpoch,
        MaxAge = null,
    };

    private static string ChunkName(string name, int index) => name + "C" + index.ToString(CultureInfo.InvariantCulture);
}
