using Microsoft.AspNetCore.Http;
using ScSession.Internal;

namespace ScSession.Tool;

/// <summary>
/// Builds the <c>Cookie</c> request header a browser would send after an app with default options issued a value:
/// the library's <see cref="SessionCookieManager"/> writes the <c>Set-Cookie</c> headers (chunked as the app chunks),
/// and each is cut back to its <c>name=value</c>.
/// </summary>
internal static class CookieHeaderBuilder
{
    // ScSessionOptions' upper bound for MaxCookieChunks: a session beyond the default budget is still written (with a
    // warning), for apps configured with more chunks.
    private const int MaxChunks = 50;

    /// <summary>The header, and a warning when an app with the default budget would refuse the session as too large.</summary>
    public static (string Header, string? Warning) Build(string cookieName, string value)
    {
        var defaults = new ScSessionOptions();
        var context = new DefaultHttpContext();
        var now = DateTimeOffset.UtcNow;
        var options = defaults.Cookie.Build(context, now);
        // As SessionCookieWriter does for a new session: the expiry counts towards each chunk's size.
        options.Expires = now + defaults.IdleTimeout;
        options.MaxAge = defaults.IdleTimeout;

        var manager = new SessionCookieManager(defaults.CookieChunkSize, MaxChunks);
        var (perChunk, _) = manager.GetCapacity(cookieName, options);
        var defaultBudget = perChunk * defaults.MaxCookieChunks;
        var warning = value.Length > defaultBudget
            ? $"the cookie is {value.Length} characters: an app with the default MaxCookieChunks ({defaults.MaxCookieChunks}) reads at most {defaultBudget} and starts a new session instead"
            : null;
        if (value.Length > perChunk * MaxChunks)
        {
            throw ToolError.CannotProcess($"the session is too large for any ScSession cookie ({value.Length} characters; at most {MaxChunks} chunks of {perChunk})");
        }

        manager.Write(context, cookieName, value, options, perChunk, default);
        var pairs = context.Response.Headers.SetCookie.Select(header => header![..header!.IndexOf(';', StringComparison.Ordinal)]);
        return (string.Join("; ", pairs), warning);
    }
}
