using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ScSession.Internal;

/// <summary>The per-application parts of ScSession, built once from validated options.</summary>
internal sealed class ScSessionRuntime : IDisposable
{
    private readonly ISessionOwnerIndex? _ownerIndex;
    private readonly string? _storeName;

    public ScSessionRuntime(IOptions<ScSessionOptions> options, TimeProvider time, ILoggerFactory loggerFactory, IMeterFactory meterFactory, IServiceProvider services)
    {
        Metrics = new ScSessionMetrics(meterFactory);
        Options = options.Value;
        Time = time;
        Logger = loggerFactory.CreateLogger("ScSession");
        CookieName = Options.Cookie.Name ?? ScSessionOptions.DefaultCookieName;
        ApplicationName = ResolveApplicationName(Options.ApplicationName, services);
        Cookies = new SessionCookieManager(Options.CookieChunkSize, Options.MaxCookieChunks);

        byte[]? secret = null;
        var previous = new List<byte[]>();
        if (!string.IsNullOrWhiteSpace(Options.SecretKey))
        {
            // The options validator has already refused keys that do not parse or are obviously weak.
            SecretKeyParser.TryParse(Options.SecretKey, out secret, out var wasEncoded);
            if (!wasEncoded || SecretKeyStrength.LooksLikeText(secret))
            {
                Log.SecretKeyLooksLikeText(Logger);
            }

            foreach (var key in Options.PreviousSecretKeys)
            {
                if (SecretKeyParser.TryParse(key, out var bytes))
                {
                    previous.Add(bytes);
                }
            }
        }

        var dataProtection = secret is null ? (IDataProtectionProvider?)services.GetService(typeof(IDataProtectionProvider)) : null;
        Codec = new CookieSessionCodec(CookieName, ApplicationName, secret, previous, dataProtection);
        StoreOperationGuard? guard = null;
        var store = services.GetService(typeof(ISessionStore)) as ISessionStore;
        if (store is not null)
        {
            _storeName = store.GetType().Name;
            guard = new StoreOperationGuard(_storeName, Options.StoreTimeout);
            Backend = new StoreSessionBackend(store, guard);
            _ownerIndex = store is ISessionOwnerIndex index ? new GuardedSessionOwnerIndex(index, guard) : null;
            Log.UsingStore(Logger, _storeName);
        }
        else
        {
            Backend = new CookieSessionBackend(Codec);
            if (Codec.UsesDataProtection)
            {
                LogDataProtectionUse(services);
            }
        }

        OwnerLimit = OwnerSessionLimit.Create(Options, store, guard);
        Concurrency = new ConcurrencyPolicy(Options.DefaultConcurrency, Backend, _storeName);
        Concurrency.Validate(GeneratedSessionModelSupport.DeclaredConcurrency);
        if (Concurrency.DegradedFromOptimistic)
        {
            Log.StoreIsLastWriteWins(Logger, _storeName!);
        }
    }

    /// <summary>The server store's type name, or null when sessions are kept in cookies.</summary>
    public string? StoreName => _storeName;

    /// <summary>Which concurrency policy each model gets on this store (decided, and checked, at start-up).</summary>
    public ConcurrencyPolicy Concurrency { get; }

    /// <summary><see cref="ScSessionOptions.MaxSessionsPerOwner"/> on this store, or null when there is no limit.</summary>
    public OwnerSessionLimit? OwnerLimit { get; }

    /// <summary>Where sessions live: the cookie (default) or the registered <see cref="ISessionStore"/>.</summary>
    public SessionBackend Backend { get; }

    /// <summary>
    /// The store's owner index behind the same guard as the request's store calls; throws when the sessions live in
    /// cookies or the store keeps no index, saying what to do.
    /// </summary>
    public ISessionOwnerIndex OwnerIndex => _ownerIndex ?? throw new InvalidOperationException(
        Backend.DataInCookie
            ? "ScSession keeps sessions in cookies, which cannot be listed or revoked once issued. To list and revoke a user's sessions (ISessionOwnerIndex), keep them in a server store: AddScSession().AddRedisStore(…), .AddPostgresStore(…), .AddDistributedCacheStore() or .AddMemoryStore()."
            : $"The session store {_storeName} keeps no owner index: it does not implement ISessionOwnerIndex, so a user's sessions cannot be listed or revoked.");

    public ScSessionMetrics Metrics { get; }

    public ScSessionOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public string CookieName { get; }

    /// <summary>The application name bound into the cookie's encryption (<see cref="ScSessionOptions.ApplicationName"/> or its default).</summary>
    public string ApplicationName { get; }

    public SessionCookieManager Cookies { get; }

    public CookieSessionCodec Codec { get; }

    /// <summary>
    /// Without a SecretKey, sessions are only as durable as the Data Protection key ring. Outside Development with no key
    /// ring configured (keys in this machine's default folder, or only in memory), every other instance rejects this
    /// one's cookies and a restart may sign everyone out: warn, with the fix. Otherwise say it once, as information.
    /// </summary>
    private void LogDataProtectionUse(IServiceProvider services)
    {
        var development = services.GetService(typeof(IHostEnvironment)) is IHostEnvironment environment && environment.IsDevelopment();
        // A key ring is shared when the app configured its repository (PersistKeysTo…), replaced the key manager, or
        // runs on Azure App Service, whose default key folder is shared by the app's instances.
        var keyRingConfigured = services.GetService(typeof(IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>))
                is IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions> { Value.XmlRepository: not null }
            || services.GetService(typeof(Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager)) is { } keyManager
                && keyManager.GetType() != typeof(Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager)
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID"));
        if (development || keyRingConfigured)
        {
            Log.UsingDataProtection(Logger);
        }
        else
        {
            Log.UsingUnsharedDataProtection(Logger);
        }
    }

    /// <summary>
    /// Warns once per application that a Secure session cookie was sent in answer to plain HTTP from a host that is not
    /// the local machine: browsers drop it, so the session silently does nothing. Once, not once per host: the Host
    /// header is the client's to choose.
    /// </summary>
    public void WarnIfSecureCookieOverHttp(Microsoft.AspNetCore.Http.HttpRequest request, bool secure)
    {
        if (!secure || request.IsHttps || _warnedSecureOverHttp != 0 || IsLocalHost(request.Host.Host) || ForwardedAsHttps(request)
            || Interlocked.Exchange(ref _warnedSecureOverHttp, 1) != 0)
        {
            return;
        }

        Log.SecureCookieOverHttp(Logger, request.Host.Host);
    }

    private int _warnedSecureOverHttp;

    /// <summary>
    /// A proxy that ends TLS says so in <c>X-Forwarded-Proto</c>: the browser spoke HTTPS and keeps the cookie, even if the
    /// app does not call <c>UseForwardedHeaders()</c> (no warning then: the session works).
    /// </summary>
    private static bool ForwardedAsHttps(Microsoft.AspNetCore.Http.HttpRequest request)
        => request.Headers["X-Forwarded-Proto"].ToString().Split(',')[0].Trim().Equals("https", StringComparison.OrdinalIgnoreCase);

    /// <summary>Hosts browsers treat as secure over plain HTTP (they keep Secure cookies from them).</summary>
    private static bool IsLocalHost(string host)
        => host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
           || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
           || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    /// <summary>The windows <paramref name="envelope"/> lives by: the normal ones, or the remembered ones (<see cref="SessionWindows"/>).</summary>
    public SessionWindows Windows(SessionEnvelope envelope) => SessionWindows.Of(envelope, Options);

    /// <summary>When a session ends unless it is used again: at its own idle end or absolute end, whichever comes first.</summary>
    public DateTimeOffset ExpiresAt(SessionEnvelope envelope) => Windows(envelope).ExpiresAt(envelope);

    public void Dispose() => Codec.Dispose();

    /// <summary>
    /// The configured name, else the host's (tests and tools may build the services without a host), else the entry
    /// assembly's, which is what the host defaults to, else a constant.
    /// </summary>
    internal static string ResolveApplicationName(string? configured, IServiceProvider services)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        if (services.GetService(typeof(IHostEnvironment)) is IHostEnvironment { ApplicationName: { Length: > 0 } hostName })
        {
            return hostName;
        }

        return Assembly.GetEntryAssembly()?.GetName().Name ?? "ScSession";
    }
}
