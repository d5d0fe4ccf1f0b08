using Microsoft.AspNetCore.Http;

namespace ScSession.Internal;

/// <summary>What reading a request's session gave: the session, or why the cookie it sent was refused.</summary>
/// <param name="Envelope">The session read from the cookie or the store; kept when refused for its timestamps, to name it in the log.</param>
/// <param name="Rejection">Why the session was refused, or null when it was accepted (or there was no cookie).</param>
/// <param name="HadCookie">The request sent a session cookie.</param>
/// <param name="Chunks">The cookie chunks the request carried, so a later write expires those it no longer uses.</param>
internal readonly record struct SessionLoadResult(SessionEnvelope? Envelope, SessionRejectionReason? Rejection, bool HadCookie, CarriedChunks Chunks)
{
    /// <summary>The session the request goes on with, or null for a new one.</summary>
    public SessionEnvelope? Accepted => Rejection is null ? Envelope : null;
}

/// <summary>
/// Loading: the request's cookie → the session envelope (decrypted, or fetched from the store) → accepted, or refused
/// with a reason. The timeout and clock checks are a pure function of the envelope, the time and the options.
/// </summary>
internal static class SessionLoader
{
    /// <summary>Reads the request's session cookie and the session it names, and checks the session's timestamps.</summary>
    public static async ValueTask<SessionLoadResult> ReadAsync(HttpContext context, ScSessionRuntime runtime, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var status = runtime.Cookies.Read(context.Request, runtime.CookieName, out var value, out var chunks);
        if (status == CookieReadStatus.None)
        {
            return new SessionLoadResult(null, null, HadCookie: false, chunks);
        }

        SessionRejectionReason? rejection = status switch
        {
            CookieReadStatus.TooLarge => SessionRejectionReason.TooLarge,
            CookieReadStatus.Malformed => SessionRejectionReason.Malformed,
            _ => null,
        };

        SessionEnvelope? envelope = null;
        if (rejection is null)
        {
            (envelope, rejection) = await runtime.Backend.LoadAsync(value, cancellationToken).ConfigureAwait(false);
        }

        if (envelope is not null && rejection is null)
        {
            rejection = Check(envelope, runtime.Time.GetUtcNow(), runtime.Options);
        }

        return new SessionLoadResult(envelope, rejection, HadCookie: true, chunks);
    }

    /// <summary>
    /// Why a session read intact must still be refused at <paramref name="now"/>, or null when it is valid. The idle and
    /// absolute windows are the session's own (<see cref="SessionWindows"/>: remembered or not, from its stored flag).
    /// </summary>
    public static SessionRejectionReason? Check(SessionEnvelope envelope, DateTimeOffset now, ScSessionOptions options)
    {
        var latest = now + options.MaxClockSkew;
        if (envelope.CreatedAt > latest || envelope.LastSeenAt > latest || envelope.LastSeenAt < envelope.CreatedAt - options.MaxClockSkew)
        {
            // Only a server with a wrong clock (or a forged store entry) writes these; accepting them would stretch
            // both timeouts past what the options allow.
            return SessionRejectionReason.InvalidTimestamps;
        }

        var windows = SessionWindows.Of(envelope, options);
        if (now - envelope.CreatedAt > windows.Absolute)
        {
            return SessionRejectionReason.ExpiredAbsolute;
        }

        return now - envelope.LastSeenAt > windows.Idle ? SessionRejectionReason.ExpiredIdle : null;
    }
}
