using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ScSession.Internal;

namespace ScSession;

/// <summary>Renewal (anti-fixation), destruction (logout), owner and "remember me" of the request's session.</summary>
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
    /// the sessions of that user (<see cref="ISessionOwnerIndex"/>: "log out everywhere"), described by
    /// <see cref="ScSessionOptions.DescribeSession"/> (by default the browser and system of its <c>User-Agent</c>).
    /// <see langword="null"/> clears it. The cookie store keeps the owner too but cannot revoke cookies it issued. With
    /// <see cref="ScSessionOptions.MaxSessionsPerOwner"/> set, see <see cref="SetSessionOwnerAsync(HttpContext, string?, string?)"/>.
    /// </summary>
    /// <exception cref="SessionLimitExceededException">The owner has reached <see cref="ScSessionOptions.MaxSessionsPerOwner"/> and the policy refuses new sessions.</exception>
    /// <exception cref="InvalidOperationException">The ScSession middleware is not in the pipeline.</exception>
    public static Task SetSessionOwnerAsync(this HttpContext context, string? ownerId) => context.SetSessionOwnerAsync(ownerId, description: null);

    /// <summary>
    /// Records who the session belongs to, and what they will recognize it by when the application lists their
    /// sessions (<see cref="OwnedSession.Description"/>: "Firefox on Windows", made from the <c>User-Agent</c> for
    /// instance). The description is stored with the session: keep it short and free of secrets. It is kept only with
    /// an owner; <see langword="null"/> or empty records what <see cref="ScSessionOptions.DescribeSession"/> gives.
    /// </summary>
    /// <remarks>
    /// With <see cref="ScSessionOptions.MaxSessionsPerOwner"/> set, giving the session a new owner saves it at once and
    /// holds the owner to the limit (atomically per owner, see <see cref="ISessionOwnerLimitStore"/>): the owner's least
    /// recently used sessions end, or this one is refused, as <see cref="ScSessionOptions.MaxSessionsPolicy"/> says. Call
    /// it before the response starts, and before the sign-in is completed, so a refusal can be answered. The save
    /// writes the request's other changes made so far too (a new session gets its cookie); if a simultaneous sign-in of
    /// the same owner ends this session meanwhile, the call returns, the request's later save fails with
    /// <see cref="SessionEndedException"/> (a 409 with a conflict handler), and its retry starts a fresh session. If the
    /// store fails while counting, the session gets its previous owner back and the failure is thrown.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="description"/> is longer than 256 characters.</exception>
    /// <exception cref="SessionLimitExceededException">The owner has <see cref="ScSessionOptions.MaxSessionsPerOwner"/> live sessions and the policy is <see cref="MaxSessionsPolicy.RefuseNewSession"/>; the session keeps its previous owner.</exception>
    /// <exception cref="InvalidOperationException">The ScSession middleware is not in the pipeline, or (with a limit) the response has started.</exception>
    public static async Task SetSessionOwnerAsync(this HttpContext context, string? ownerId, string? description)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (description?.Length > OwnedSession.MaxDescriptionLength)
        {
            throw new ArgumentException($"A session's description is at most {OwnedSession.MaxDescriptionLength} characters (it is stored with every session of the owner); this one has {description.Length}.", nameof(description));
        }

        var state = SessionState.From(context);
        var owner = await state.GetModelAsync<OwnerSection>(context.RequestAborted).ConfigureAwait(false);
        var (previousOwner, previousDescription) = (owner.OwnerId, owner.Description);
        if (ownerId is not null && string.IsNullOrEmpty(description))
        {
            description = context.RequestServices.GetRequiredService<ScSessionRuntime>().Options.DescribeSession?.Invoke(context);
            if (description?.Length > OwnedSession.MaxDescriptionLength)
            {
                // Cut at the limit, but never between the two halves of a surrogate pair (the JSON writer refuses one alone).
                var cut = char.IsHighSurrogate(description[OwnedSession.MaxDescriptionLength - 1]) ? OwnedSession.MaxDescriptionLength - 1 : OwnedSession.MaxDescriptionLength;
                description = description[..cut];
            }
        }

        owner.OwnerId = ownerId;
        owner.Description = ownerId is null || string.IsNullOrEmpty(description) ? null : description;
        if (state.OwnerLimit is not { } limit || string.IsNullOrEmpty(ownerId) || string.Equals(ownerId, previousOwner, StringComparison.Ordinal))
        {
            return; // no limit, no owner, or no new owner: nothing to count
        }

        bool admitted;
        try
        {
            admitted = await state.AdmitOwnerAsync(ownerId).ConfigureAwait(false);
        }
        catch
        {
            // Not admitted (the store failed or timed out): the session must not keep an owner that was never counted,
            // nor skip the count when the caller retries with the same owner. Put the previous one back, best effort;
            // the failure itself is what the caller sees.
            owner.OwnerId = previousOwner;
            owner.Description = previousDescription;
            try
            {
                await state.CommitAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // the store is failing: the original exception below says so
            }

            throw;
        }

        if (!admitted)
        {
            owner.OwnerId = previousOwner;
            owner.Description = previousDescription;
            await state.CommitAsync().ConfigureAwait(false);
            throw new SessionLimitExceededException(limit.MaxSessions);
        }
    }

    /// <summary>The owner recorded with <see cref="SetSessionOwnerAsync(HttpContext, string?, string?)"/>, or <see langword="null"/>.</summary>
    /// <exception cref="InvalidOperationException">The ScSession middleware is not in the pipeline.</exception>
    public static async Task<string?> GetSessionOwnerAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (await SessionState.From(context).GetModelAsync<OwnerSection>(context.RequestAborted).ConfigureAwait(false)).OwnerId;
    }

    /// <summary>
    /// "Remember me": <see langword="true"/> gives the session a persistent cookie (<c>Expires</c>/<c>Max-Age</c>) and
    /// the remembered windows (<see cref="ScSessionOptions.RememberedIdleTimeout"/>,
    /// <see cref="ScSessionOptions.RememberedAbsoluteTimeout"/>; the normal ones when unset); <see langword="false"/>
    /// gives it a browser-session cookie (no <c>Expires</c>/<c>Max-Age</c>: gone when the browser closes) and the normal
    /// windows. A session nobody marked keeps the default: a persistent cookie with <see cref="ScSessionOptions.IdleTimeout"/>
    /// and <see cref="ScSessionOptions.AbsoluteTimeout"/>.
    /// <para>
    /// The flag is stored with the session (in the encrypted cookie, or in the server store), so the server enforces the
    /// session's own windows on every load and the client cannot extend them; it survives renewal
    /// (<see cref="RenewSessionAsync"/>, sign-in with <c>RenewOnSignInDestroyOnSignOut()</c>) and ends with the session
    /// (sign-out). It may be changed at any time before the response starts: the cookie and the store's time to live
    /// follow on this response. Switching to <see langword="false"/> a session already older than the normal windows ends
    /// it. A browser that keeps "session" cookies across restarts (restored tabs) keeps this one too: the server still
    /// ends it at its idle and absolute timeouts.
    /// </para>
    /// <para>
    /// Like <c>context.Flash()</c>, this is synchronous: on a server store with <see cref="ScSessionOptions.PreloadFromStore"/>
    /// off it waits for the session to load.
    /// </para>
    /// </summary>
    /// <exception cref="InvalidOperationException">The ScSession middleware is not in the pipeline.</exception>
    public static void SetSessionPersistent(this HttpContext context, bool persistent)
    {
        ArgumentNullException.ThrowIfNull(context);
        SessionState.From(context).GetModel<PersistenceSection>().Persistent = persistent;
    }

    /// <summary>
    /// What <see cref="SetSessionPersistent"/> recorded for the session: <see langword="true"/> (remembered),
    /// <see langword="false"/> (browser-session cookie), or <see langword="null"/> when nobody marked it (the default: a
    /// persistent cookie with the normal windows).
    /// </summary>
    /// <exception cref="InvalidOperationException">The ScSession middleware is not in the pipeline.</exception>
    public static async Task<bool?> GetSessionPersistentAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (await SessionState.From(context).GetModelAsync<PersistenceSection>(context.RequestAborted).ConfigureAwait(false)).Persistent;
    }
}
