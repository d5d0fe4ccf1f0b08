using Microsoft.AspNetCore.Http;

namespace ScSession;

/// <summary>
/// Options of ScSession. Bound from the configuration section <c>ScSession</c> (so <c>ScSession__SecretKey</c>
/// works as an environment variable) and from the delegate given to <c>AddScSession</c>; validated at start-up.
/// </summary>
public sealed class ScSessionOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string ConfigurationSectionName = "ScSession";

    /// <summary>The default cookie name, <c>.scs</c>.</summary>
    public const string DefaultCookieName = ".scs";

    /// <summary>
    /// The key that encrypts and authenticates session cookies (XAES-256-GCM: AES-256-GCM under keys derived from
    /// 192-bit random nonces). At least 32 bytes of entropy: a base64 string of 32 or more random bytes
    /// (<c>openssl rand -base64 32</c>), or a raw string of at least 32 characters. Keep it out of source code:
    /// configuration, user secrets or a secret store. When no key is set, cookies are protected with ASP.NET Core
    /// Data Protection instead.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// Keys that were <see cref="SecretKey"/> before a rotation. Cookies written with them are still read
    /// (and re-written with the current key on the next change); new cookies always use <see cref="SecretKey"/>.
    /// </summary>
    public IList<string> PreviousSecretKeys { get; } = [];

    /// <summary>
    /// The name of the application, bound into the session cookie's encryption: another application with the same
    /// <see cref="SecretKey"/> and cookie name does not accept this one's cookies (they are rejected as tampered).
    /// Set the same value in several applications to share sessions between them on purpose. With Data Protection
    /// (no <see cref="SecretKey"/>) it is added to the protector's purposes; sharing then also needs a shared key ring
    /// and the same Data Protection application name.
    /// <para>
    /// Default (null or empty): the host's <c>IHostEnvironment.ApplicationName</c> (by default the name of the
    /// application's entry assembly); without a host, the entry assembly's name, or <c>ScSession</c> when there is none.
    /// Changing it, or renaming the assembly it defaults to, ends every session written under the old name: set it
    /// explicitly if the assembly name may change.
    /// </para>
    /// </summary>
    public string? ApplicationName { get; set; }

    /// <summary>
    /// The session cookie. Defaults: name <c>.scs</c>, <c>HttpOnly</c>, <c>Secure</c> always, <c>SameSite=Lax</c>,
    /// path <c>/</c>. Its expiry is set from <see cref="IdleTimeout"/> and <see cref="AbsoluteTimeout"/> (the remembered
    /// windows for a session marked <c>SetSessionPersistent(true)</c>; none, a browser-session cookie, for one marked
    /// <c>false</c>), so <see cref="CookieBuilder.Expiration"/> and <see cref="CookieBuilder.MaxAge"/> must stay unset.
    /// </summary>
    public CookieBuilder Cookie { get; set; } = new()
    {
        Name = DefaultCookieName,
        HttpOnly = true,
        SecurePolicy = CookieSecurePolicy.Always,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        IsEssential = true,
    };

    /// <summary>
    /// How long a session lives without a request that uses it. Enforced by the server from the timestamp inside
    /// the encrypted cookie. Default: 20 minutes (the same as ASP.NET Core's <c>AddSession()</c>).
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// The longest a session lives from its creation, however active it is; renewal keeps the creation time, so it
    /// does not extend this. Enforced by the server. Default: 24 hours.
    /// </summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The idle window of a session marked <c>context.SetSessionPersistent(true)</c> ("remember me"), instead of
    /// <see cref="IdleTimeout"/>. Enforced by the server like <see cref="IdleTimeout"/>, from the session's timestamps,
    /// and used for its cookie's expiry and the server store's time to live. Default (null): <see cref="IdleTimeout"/>.
    /// When set, at least <see cref="IdleTimeout"/> and at most the remembered absolute window.
    /// </summary>
    public TimeSpan? RememberedIdleTimeout { get; set; }

    /// <summary>
    /// The absolute window of a session marked <c>context.SetSessionPersistent(true)</c> ("remember me"), instead of
    /// <see cref="AbsoluteTimeout"/>; counted from the session's creation like it. Default (null):
    /// <see cref="AbsoluteTimeout"/>. When set, at least <see cref="AbsoluteTimeout"/> and at most 400 days (browsers
    /// cap a cookie's lifetime there).
    /// </summary>
    public TimeSpan? RememberedAbsoluteTimeout { get; set; }

    /// <summary>
    /// The longest one session cookie may be, in characters of its whole <c>Set-Cookie</c> header value: name, value
    /// and attributes (<c>expires</c>, <c>max-age</c>, <c>path</c>, <c>secure</c>, <c>samesite</c>, <c>httponly</c>,
    /// <c>domain</c>). What is left for the value once those are counted is what one chunk carries: 3,950 characters
    /// with the default cookie options (a longer cookie name, a <c>Domain</c> or a longer <c>max-age</c> leave less).
    /// A longer session value is split into chunks (<c>.scs=chunks-N</c>, <c>.scsC1</c>…), the format of ASP.NET
    /// Core's <c>ChunkingCookieManager</c>. Default: 4050, which keeps each cookie under browsers' 4096-byte limit.
    /// </summary>
    public int CookieChunkSize { get; set; } = 4050;

    /// <summary>
    /// The most chunks (cookies carrying part of the value) one session may take; a chunked session also sends the
    /// <c>.scs=chunks-N</c> cookie that lists them. The session's budget is this many chunks of what
    /// <see cref="CookieChunkSize"/> leaves for the value: 4 × 3,950 = 15,800 characters of encrypted, base64url-encoded
    /// session with the default options. A session that does not fit fails at write time with a
    /// <see cref="SessionTooLargeException"/> stating that budget and naming its sections and their sizes; a request
    /// carrying more chunks is rejected as too large. Default: 4.
    /// </summary>
    public int MaxCookieChunks { get; set; } = 4;

    /// <summary>
    /// How long one operation on a server-side store may take before the request fails with a
    /// <see cref="SessionStoreException"/>. Default: 5 seconds. Not used by the cookie store.
    /// </summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The <see cref="SessionConcurrency"/> of models that set none in <c>[SessionModel]</c>, and of ScSession's own
    /// sections (flash messages, <c>HttpContext.Session</c>, TempData). Default (null): the best the store can do —
    /// <see cref="SessionConcurrency.Optimistic"/> on a store that keeps section versions (memory, Redis, PostgreSQL), otherwise
    /// last-write-wins, said once in the log at start-up. The cookie store is always last-write-wins. A value set here
    /// that the store cannot honour fails at start-up.
    /// </summary>
    public SessionConcurrency? DefaultConcurrency { get; set; }

    /// <summary>
    /// How long a request may hold the lease on a <see cref="SessionConcurrency.Exclusive"/> model before it ends by
    /// itself. The request releases it after its save; this bounds how long a process that died holding it (or a
    /// request that runs longer) keeps other requests waiting. A request still running when its lease ended does not
    /// overwrite a change saved meanwhile: its save is checked against the model's version and fails with a
    /// <see cref="SessionConflictException"/>. Longer than your slowest request that changes such a model. Default:
    /// 30 seconds.
    /// </summary>
    public TimeSpan ExclusiveLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a request waits for the lease on a <see cref="SessionConcurrency.Exclusive"/> model that another
    /// request of the same session holds, before it fails with a <see cref="SessionLeaseTimeoutException"/>.
    /// Default: 10 seconds.
    /// </summary>
    public TimeSpan ExclusiveWaitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// With a server-side store: load the session (asynchronously) before the endpoint runs whenever the request
    /// carries a session cookie, so synchronous APIs (<c>HttpContext.Session</c>, <c>context.Flash()</c>, constructor
    /// injection) never block on I/O. Default: true. When false, the session loads on first use, and synchronous
    /// first uses wait for the store. The cookie store always loads on first use (it needs no I/O).
    /// </summary>
    public bool PreloadFromStore { get; set; } = true;

    /// <summary>
    /// The largest a session may grow on a server-side store, in bytes: the sum of its sections' names and serialized
    /// data. A save over it fails with a <see cref="SessionTooLargeException"/> naming the sections and their sizes
    /// (the cookie store is bounded by its cookie budget instead). Stops a session from growing without bound, e.g. a
    /// loop that adds flash messages. Default: 64 KiB. Not used by the cookie store.
    /// </summary>
    public int MaxSessionSize { get; set; } = 64 * 1024;

    /// <summary>
    /// What a session is recognized by when an application lists a user's sessions ("Your devices",
    /// <see cref="OwnedSession.Description"/>), recorded when <c>SetSessionOwnerAsync(ownerId)</c> is called without a
    /// description of its own. Default: <see cref="SessionDescriptions.FromUserAgent"/> ("Firefox on Windows"); use
    /// <see cref="SessionDescriptions.FromUserAgentAndIpAddress"/> to add the IP address, your own function, or
    /// <see langword="null"/> to record nothing. A result longer than <see cref="OwnedSession.MaxDescriptionLength"/>
    /// is cut there.
    /// </summary>
    public Func<HttpContext, string?>? DescribeSession { get; set; } = SessionDescriptions.FromUserAgent;

    /// <summary>
    /// How far in the future a session's timestamps may lie (clocks of several servers are never exactly in step).
    /// A session created or last seen later than now plus this is refused
    /// (<see cref="SessionRejectionReason.InvalidTimestamps"/>). Default: 5 minutes.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most live sessions one owner (the user given to <c>SetSessionOwnerAsync</c>) may have at once; when a session
    /// gets an owner who would have more, <see cref="MaxSessionsPolicy"/> decides what gives way. Enforced atomically
    /// per owner by the memory, Redis and PostgreSQL stores (<see cref="ISessionOwnerLimitStore"/>); with the cookie
    /// store or a store that cannot enforce it, a limit fails at start-up. Default (null): no limit.
    /// </summary>
    public int? MaxSessionsPerOwner { get; set; }

    /// <summary>
    /// What happens when a session gets an owner who already has <see cref="MaxSessionsPerOwner"/> live sessions.
    /// Default: <see cref="ScSession.MaxSessionsPolicy.RevokeLeastRecentlyUsed"/>.
    /// </summary>
    public MaxSessionsPolicy MaxSessionsPolicy { get; set; } = MaxSessionsPolicy.RevokeLeastRecentlyUsed;

    /// <summary>The session events: created, loaded, saving, renewed, destroyed, rejected.</summary>
    public ScSessionEvents Events { get; set; } = new();
}
