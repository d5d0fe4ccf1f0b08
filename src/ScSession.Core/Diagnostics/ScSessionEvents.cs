using Microsoft.AspNetCore.Http;

namespace ScSession;

/// <summary>
/// Notifications raised by ScSession, in the style of <c>CookieAuthenticationEvents</c>: assign a delegate to a
/// property, or derive and override the matching method.
/// </summary>
public class ScSessionEvents
{
    /// <summary>Raised when a new session is saved for the first time (it has an ID from then on).</summary>
    public Func<ScSessionContext, Task> OnCreated { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Raised when an existing session is read and accepted from the request.</summary>
    public Func<ScSessionContext, Task> OnLoaded { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Raised before a changed session is written; <see cref="ScSessionSavingContext.ChangedSections"/> lists what changed.</summary>
    public Func<ScSessionSavingContext, Task> OnSaving { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Raised when a session gets a new ID (anti-fixation renewal).</summary>
    public Func<ScSessionContext, Task> OnRenewed { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Raised when a session is destroyed (logout).</summary>
    public Func<ScSessionContext, Task> OnDestroyed { get; set; } = static _ => Task.CompletedTask;

    /// <summary>
    /// Raised when the session sent by the client is refused (tampered, expired, unknown key, malformed or too
    /// large); the request continues with a fresh, empty session.
    /// </summary>
    public Func<ScSessionRejectedContext, Task> OnRejected { get; set; } = static _ => Task.CompletedTask;

    /// <summary>
    /// Raised when a session model was changed after the response had started, too late to be saved.
    /// The change is also logged as a warning.
    /// </summary>
    public Func<ScSessionLateChangeContext, Task> OnChangeLost { get; set; } = static _ => Task.CompletedTask;

    /// <summary>
    /// Raised when a save found that another request of the same session had changed one of this request's
    /// <see cref="SessionConcurrency.Optimistic"/> (or exclusive) models since it was read, or when a request gave up
    /// waiting for an <see cref="SessionConcurrency.Exclusive"/> model another request held: nothing was saved, and a
    /// <see cref="SessionConflictException"/> (for the wait, a <see cref="SessionLeaseTimeoutException"/>) follows to
    /// the application's exception handling.
    /// </summary>
    public Func<ScSessionConflictContext, Task> OnConflict { get; set; } = static _ => Task.CompletedTask;

    /// <summary>
    /// Server stores that report expiry (memory, Redis, PostgreSQL: <see cref="ISessionExpirySource"/>): raised when a
    /// session died of its idle or absolute timeout, outside any request (the context has the public ID, the owner and
    /// the reason, no <c>HttpContext</c>), on a background queue, some time after the session ended. Best effort and at
    /// most once: see the README for each store's delay and what can be missed. An exception from the handler is
    /// logged and the next expiry goes on. The cookie store and <c>AddDistributedCacheStore()</c> cannot raise it: with
    /// either, setting it fails at start-up.
    /// </summary>
    public Func<ScSessionExpiredContext, Task> OnExpired { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Invokes <see cref="OnCreated"/>.</summary>
    public virtual Task Created(ScSessionContext context) => OnCreated(context);

    /// <summary>Invokes <see cref="OnLoaded"/>.</summary>
    public virtual Task Loaded(ScSessionContext context) => OnLoaded(context);

    /// <summary>Invokes <see cref="OnSaving"/>.</summary>
    public virtual Task Saving(ScSessionSavingContext context) => OnSaving(context);

    /// <summary>Invokes <see cref="OnRenewed"/>.</summary>
    public virtual Task Renewed(ScSessionContext context) => OnRenewed(context);

    /// <summary>Invokes <see cref="OnDestroyed"/>.</summary>
    public virtual Task Destroyed(ScSessionContext context) => OnDestroyed(context);

    /// <summary>Invokes <see cref="OnRejected"/>.</summary>
    public virtual Task Rejected(ScSessionRejectedContext context) => OnRejected(context);

    /// <summary>Invokes <see cref="OnChangeLost"/>.</summary>
    public virtual Task ChangeLost(ScSessionLateChangeContext context) => OnChangeLost(context);

    /// <summary>Invokes <see cref="OnConflict"/>.</summary>
    public virtual Task Conflict(ScSessionConflictContext context) => OnConflict(context);

    /// <summary>Invokes <see cref="OnExpired"/>.</summary>
    public virtual Task Expired(ScSessionExpiredContext context) => OnExpired(context);
}

/// <summary>The context of a session event.</summary>
public class ScSessionContext
{
    /// <summary>Creates a context.</summary>
    public ScSessionContext(HttpContext httpContext, string? sessionId)
    {
        HttpContext = httpContext;
        SessionId = sessionId;
    }

    /// <summary>The request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>
    /// The session's public identifier: a SHA-256 hash of its secret 256-bit ID, in base64url; safe to log and to
    /// correlate with (with a server store it is also the store key). Never the cookie value or the secret ID.
    /// <see langword="null"/> for a session that has not been saved yet.
    /// </summary>
    public string? SessionId { get; }
}

/// <summary>The context of <see cref="ScSessionEvents.OnSaving"/>.</summary>
public sealed class ScSessionSavingContext : ScSessionContext
{
    /// <summary>Creates a context.</summary>
    public ScSessionSavingContext(HttpContext httpContext, string? sessionId, IReadOnlyList<string> changedSections)
        : base(httpContext, sessionId) => ChangedSections = changedSections;

    /// <summary>The sections (model names) whose content changed in this request.</summary>
    public IReadOnlyList<string> ChangedSections { get; }
}

/// <summary>The context of <see cref="ScSessionEvents.OnRejected"/>.</summary>
public sealed class ScSessionRejectedContext : ScSessionContext
{
    /// <summary>Creates a context.</summary>
    public ScSessionRejectedContext(HttpContext httpContext, string? sessionId, SessionRejectionReason reason)
        : base(httpContext, sessionId) => Reason = reason;

    /// <summary>Why the session was refused.</summary>
    public SessionRejectionReason Reason { get; }
}

/// <summary>The context of <see cref="ScSessionEvents.OnChangeLost"/>.</summary>
public sealed class ScSessionLateChangeContext : ScSessionContext
{
    /// <summary>Creates a context.</summary>
    public ScSessionLateChangeContext(HttpContext httpContext, string? sessionId, IReadOnlyList<string> sections)
        : base(httpContext, sessionId) => Sections = sections;

    /// <summary>The sections changed after the response had started; their changes were not saved.</summary>
    public IReadOnlyList<string> Sections { get; }
}

/// <summary>The context of <see cref="ScSessionEvents.OnConflict"/>.</summary>
public sealed class ScSessionConflictContext : ScSessionContext
{
    /// <summary>Creates a context.</summary>
    public ScSessionConflictContext(HttpContext httpContext, string? sessionId, IReadOnlyList<string> sections)
        : base(httpContext, sessionId) => Sections = sections;

    /// <summary>The sections another request saved since this one read them; nothing of this request was saved.</summary>
    public IReadOnlyList<string> Sections { get; }
}

/// <summary>Why a session sent by the client was refused.</summary>
public enum SessionRejectionReason
{
    /// <summary>The cookie failed authentication: it was changed, forged, or written for another cookie name.</summary>
    Tampered,

    /// <summary>The session was idle for longer than <see cref="ScSessionOptions.IdleTimeout"/>.</summary>
    ExpiredIdle,

    /// <summary>The session is older than <see cref="ScSessionOptions.AbsoluteTimeout"/>.</summary>
    ExpiredAbsolute,

    /// <summary>The cookie was written with a key that is neither the current nor a previous secret key.</summary>
    UnknownKey,

    /// <summary>The cookie is not a session cookie: bad encoding, truncated, missing chunks or an unknown format.</summary>
    Malformed,

    /// <summary>The request carries more session cookie data than <see cref="ScSessionOptions.MaxCookieChunks"/> allows.</summary>
    TooLarge,

    /// <summary>
    /// A server-side store has no session for the ID in the cookie: it expired there, was destroyed (logout), was
    /// renewed to a new ID, or never existed.
    /// </summary>
    NotFound,

    /// <summary>
    /// The session's timestamps are impossible: created or last seen further in the future than
    /// <see cref="ScSessionOptions.MaxClockSkew"/> allows, or last seen before it was created. Only a server with a
    /// wrong clock (or a forged store entry) writes such a session; accepting it would stretch its timeouts.
    /// </summary>
    InvalidTimestamps,
}
