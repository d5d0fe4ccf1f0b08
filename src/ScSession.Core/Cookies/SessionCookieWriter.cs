using Microsoft.AspNetCore.Http;

namespace ScSession.Internal;

/// <summary>
/// Writes one request's session cookie: its options and expiry, the check that the value fits the cookie budget
/// (the too-large error), and the bookkeeping that keeps a response to one set of session <c>Set-Cookie</c> headers —
/// a second save replaces the first one's, and chunks the request carried but the new value does not use are expired.
/// </summary>
internal sealed class SessionCookieWriter(HttpContext context, ScSessionRuntime runtime)
{
    private bool _written;

    /// <summary>The chunk cookies the request carried, read with the session; the only chunks a response may have to expire.</summary>
    public CarriedChunks RequestChunks { get; set; }

    /// <summary>A re-executed pipeline writes over the cookies an earlier pass of the same request wrote, not beside them.</summary>
    public void ContinueFrom(SessionCookieWriter earlier)
    {
        RequestChunks = earlier.RequestChunks;
        _written = earlier._written;
    }

    /// <summary>Issues the cookie carrying <paramref name="value"/>; throws <see cref="SessionTooLargeException"/> when it does not fit.</summary>
    public void Write(DateTimeOffset now, SessionEnvelope envelope, string value)
    {
        var options = Build(now, envelope);
        runtime.WarnIfSecureCookieOverHttp(context.Request, options.Secure);
        var (perChunk, total) = runtime.Cookies.GetCapacity(runtime.CookieName, options, cacheable: runtime.Options.Cookie.Extensions.Count == 0);
        if (value.Length > total)
        {
            throw SessionSizeLimit.ForCookie(envelope.Sections, value.Length, total, perChunk, runtime.Options.MaxCookieChunks, runtime.Options.CookieChunkSize);
        }

        RemoveWrittenEarlier();
        runtime.Cookies.Write(context, runtime.CookieName, value, options, perChunk, RequestChunks);
        _written = true;
    }

    /// <summary>Expires the cookie and every chunk the request carried, so the browser stops sending them.</summary>
    public void Expire(DateTimeOffset now)
    {
        RemoveWrittenEarlier();
        SessionCookieManager.Delete(context, runtime.CookieName, Build(now, null), RequestChunks);
        _written = true;
    }

    /// <summary>
    /// A second save in one request replaces the first one's <c>Set-Cookie</c> headers instead of adding to them, so
    /// a response never carries more than <c>MaxCookieChunks + 1</c> of them for the session.
    /// </summary>
    private void RemoveWrittenEarlier()
    {
        if (_written)
        {
            SessionCookieManager.RemovePendingCookies(context, runtime.CookieName);
        }
    }

    /// <summary>
    /// The configured options; for a live session with a persistent cookie, an expiry at its own idle or absolute end,
    /// whichever is first. A session marked not persistent (<c>SetSessionPersistent(false)</c>) gets a browser-session
    /// cookie: no <c>Expires</c>, no <c>Max-Age</c>.
    /// </summary>
    private CookieOptions Build(DateTimeOffset now, SessionEnvelope? envelope)
    {
        var options = runtime.Options.Cookie.Build(context, now);
        if (envelope is not null && runtime.Windows(envelope) is { PersistentCookie: true } windows)
        {
            var expires = windows.ExpiresAt(envelope);
            options.Expires = expires;
            // A session whose windows just shrank past its age (remembered, then not) ends here: Max-Age=0 drops it.
            options.MaxAge = expires > now ? expires - now : TimeSpan.Zero;
        }

        return options;
    }
}
