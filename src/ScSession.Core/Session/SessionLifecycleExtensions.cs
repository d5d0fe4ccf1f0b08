using Microsoft.AspNetCore.Http;
using ScSession.Internal;

namespace ScSession;

/// <summary>Renewal (anti-fixation) and destruction (logout) of the request's session.</summary>
public static class SessionLifecycleExtensions
{
    /// <summary>
    /// Gives the session a new ID and keeps its data and its creation time (the absolute timeout still counts from the
    /// session's first creation). Call it when the user signs in or their privileges change, so an ID planted before
    /// (session fixation) is worth nothing. On a server store the old ID stops loading the session at once; a cookie store cannot revoke cookies already issued, which stay
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
        return SessionState.From(context).DestroyAsync(keepSections: null, context.RequestAborted);
    }

    /// <summary>
    /// Records who the session belongs to (usually the user ID, after sign-in), so a server store can list and revoke
    /// all sessions of that user (<see cref="ISessionStore.RevokeOwnerSessionsAsync"/>: "log out everywhere").
    /// <see langword="null"/> clears it. The cookie store keeps the owner too but cannot revoke cookies it issued.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ScSession middleware is not in the pipeline.</exception>
    public static async Task SetSessionOwnerAsync(this HttpContext context, string? ownerId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var owner = await SessionState.From(context).GetModelAsync<OwnerSection>(context.RequestAborted).ConfigureAwait(false);
        owner.OwnerId = ownerId;
    }

    /// <summary>The owner recorded with <see cref="SetSessionOwnerAsync"/>, or <see langword="null"/>.</summary>
    /// <exception cref="InvalidOperationException">The ScSession middleware is not in the pipeline.</exception>
    public static async Task<string?> GetSessionOwnerAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (await SessionState.From(context).GetModelAsync<OwnerSection>(context.RequestAborted).ConfigureAwait(false)).OwnerId;
    }
}
