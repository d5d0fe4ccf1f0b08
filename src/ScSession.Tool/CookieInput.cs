using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ScSession.Internal;

namespace ScSession.Tool;

/// <summary>
/// Turns what the user pasted — a cookie value, or one or more <c>Cookie</c> headers with or without the leading
/// <c>Cookie:</c> — into the session cookie's value, joining chunks with the library's own
/// <see cref="SessionCookieManager"/> so the tool reads cookies exactly as an app does.
/// </summary>
internal static class CookieInput
{
    // The largest CookieChunkSize and MaxCookieChunks any app may configure (ScSessionOptionsValidator): the tool reads
    // every cookie some valid configuration could have written.
    private const int MaxChunkSize = 8192;
    private const int MaxChunks = 50;
    private const string ChunkCountPrefix = "chunks-";

    public static string ReadValue(string input, string cookieName)
    {
        var headers = input.Split('\n')
            .Select(line => StripHeaderName(line.Trim()))
            .Where(line => line.Length > 0)
            .ToArray();
        if (headers.Length == 0)
        {
            throw ToolError.CannotProcess("the input is empty: give the cookie's value or the request's Cookie header");
        }

        // A cookie value is canonical base64url: no '=', no ';'. Anything with them is a header.
        if (headers.Length == 1 && headers[0].IndexOfAny(['=', ';']) < 0)
        {
            var value = headers[0];
            if (value.StartsWith(ChunkCountPrefix, StringComparison.Ordinal))
            {
                throw ToolError.CannotProcess(
                    $"'{value}' only says the session is split into chunk cookies: give the whole Cookie header ({cookieName}={value}; {cookieName}C1=…; …)");
            }

            return value;
        }

        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = new StringValues(headers);
        var status = new SessionCookieManager(MaxChunkSize, MaxChunks).Read(request, cookieName, out var joined, out _);
        return status switch
        {
            CookieReadStatus.Found => joined.ToString(),
            CookieReadStatus.None => throw ToolError.CannotProcess(
                $"the header has no cookie named '{cookieName}' with a value; if the app renamed it (Cookie.Name), give --cookie-name NAME"),
            CookieReadStatus.TooLarge => throw ToolError.CannotProcess(
                $"the cookie '{cookieName}' is longer than any ScSession app reads ({MaxChunks} chunks of {MaxChunkSize} characters)"),
            _ => throw ToolError.CannotProcess(DescribeMalformedChunks(request, cookieName)),
        };
    }

    private static string StripHeaderName(string line)
        => line.StartsWith("Cookie:", StringComparison.OrdinalIgnoreCase) ? line["Cookie:".Length..].Trim() : line;

    /// <summary>What is wrong with a chunked cookie the library refused: the count, or the first chunk missing.</summary>
    private static string DescribeMalformedChunks(HttpRequest request, string cookieName)
    {
        var scan = SessionCookieScan.Scan(request, cookieName, MaxChunks);
        var first = scan.Value.ToString();
        var digits = first[ChunkCountPrefix.Length..];
        if (digits.Length is 0 or > 2 || digits[0] == '0'
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxChunks)
        {
            var shown = first.Length > 40 ? first[..40] + "…" : first;
            return $"'{cookieName}={shown}' is not a chunk count ScSession writes (chunks-1 to chunks-{MaxChunks}): the cookie is malformed";
        }

        for (var i = 1; i <= count; i++)
        {
            if (!scan.Carried.Contains(i))
            {
                return $"the header says {cookieName}=chunks-{count} but carries no {SessionCookieManager.ChunkName(cookieName, i)}: give the whole Cookie header";
            }
        }

        return $"the chunked cookie '{cookieName}' is malformed";
    }
}
