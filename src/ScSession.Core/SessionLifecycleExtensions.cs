using Microsoft.AspNetCore.Http;
using ScSession.Internal;

namespace ScSession;

/// <summary>Renewal (anti-fixation) and destruction (logout) of the request's session.</summary>
public static class SessionLifecycleExtensions
{
    /// <summary>
    /// Gives the session a new ID and keeps its data; the absolute timeout starts again. Call it when the user signs
    /// in or their privileges change, so an ID planted before (session fixation) is worth nothing. On a server store
    /// the old ID stops loading the session at once; a cookie store cannot revoke cookies already issued, which stay
    /// valid until their timeouts. Raises <see cref="ScSessionEvents.OnRenewed"/>. A session that was never saved has
    /// no ID yet: it gets a fresh one when first saved, and nothing happens here.
    /// </summary>
    /// <exception cref="InvalidOperationException">The response has started, or the ScSession middleware is not in the pipeline.</exception>
    public static Task RenewSessionAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SessionState.From(context).RenewAsync(context.RequestAborted);
    }

    /// <summary>
    /// Ends the session (logout): all of its data is gone, the server copy is deleted at once and the cookie (every
    /// chunk) is expired in the response. Raises <see cref="ScSessionEvents.OnDestroyed"/>. Models obtained before are
    /// detached; models obtained afterwards start empty, and changing them starts a new session with a new ID (to keep
    /// a preference across logout, read it before and set it again after).
    /// </summary>
    /// <exception cref="InvalidOperationException">The response has started, or the ScSession middleware is not in the pipeline.</exception>
    public static Task DestroySessionAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SessionState.From(context).DestroyAsync(context.RequestAborted);
    }
}
