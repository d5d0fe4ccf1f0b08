using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ScSession.Internal;

namespace ScSession;

/// <summary>Returned by <c>AddScSession</c>: chooses the session store and registers models explicitly.</summary>
public sealed class ScSessionBuilder
{
    internal ScSessionBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Keeps sessions in this process's memory (bounded and expiring): the cookie then carries only the session ID.
    /// For development, tests and single-server apps that accept losing sessions on restart.
    /// </summary>
    public ScSessionBuilder AddMemoryStore(Action<MemorySessionStoreOptions>? configure = null)
    {
        var options = new MemorySessionStoreOptions();
        configure?.Invoke(options);
        Services.RemoveAll<ISessionStore>();
        Services.AddSingleton<ISessionStore>(sp => new MemorySessionStore(sp.GetRequiredService<TimeProvider>(), options));
        return this;
    }

    /// <summary>
    /// Keeps sessions in the application's registered <see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/>
    /// (register one first, e.g. <c>AddDistributedSqlServerCache</c>). Whole-session writes: see
    /// <see cref="DistributedCacheSessionStore"/> for what that means with several servers.
    /// </summary>
    public ScSessionBuilder AddDistributedCacheStore(Action<DistributedCacheSessionStoreOptions>? configure = null)
    {
        var options = new DistributedCacheSessionStoreOptions();
        configure?.Invoke(options);
        return AddStore(sp => new DistributedCacheSessionStore(
            sp.GetService<Microsoft.Extensions.Caching.Distributed.IDistributedCache>()
                ?? throw new InvalidOperationException(
                    "AddDistributedCacheStore() needs an IDistributedCache: register one (AddDistributedMemoryCache(), AddDistributedSqlServerCache(), …) or choose another store."),
            options));
    }

    /// <summary>Keeps sessions in a store of your own: the cookie then carries only the session ID.</summary>
    /// <typeparam name="TStore">The store, created once (singleton) from the container.</typeparam>
    public ScSessionBuilder AddStore<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, ISessionStore
    {
        Services.RemoveAll<ISessionStore>();
        Services.AddSingleton<ISessionStore, TStore>();
        return this;
    }

    /// <summary>Keeps sessions in a store created by <paramref name="factory"/> (once, as a singleton).</summary>
    public ScSessionBuilder AddStore(Func<IServiceProvider, ISessionStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<ISessionStore>();
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>
    /// Follows ASP.NET Core authentication — cookie authentication, Identity's <c>SignInManager</c>, any scheme that goes
    /// through <c>IAuthenticationService</c> — so session fixation is closed without code in the login and logout
    /// handlers: every sign-in renews the session (new ID, same data), and signing the user out destroys it (data gone,
    /// server copy deleted, cookie expired), as OWASP's Session Management guidance asks. Signing out of an auxiliary
    /// scheme (Identity's external or two-factor cookie) does not: see <see cref="SessionSignOutOptions.Schemes"/>.
    /// </summary>
    /// <param name="configure">
    /// Chooses models that survive sign-out (<c>o =&gt; o.Keep&lt;PreferencesSession&gt;()</c>): they move to the new
    /// session that follows, everything else is gone.
    /// </param>
    public ScSessionBuilder RenewOnSignInDestroyOnSignOut(Action<SessionSignOutOptions>? configure = null)
    {
        var options = new SessionSignOutOptions();
        configure?.Invoke(options);
        SessionAwareAuthenticationService.Register(Services, new SignOutPolicy(Destroy: true, [.. options.KeptSections], [.. options.Schemes]));
        return this;
    }

    /// <summary>
    /// Renews the session (new ID, same data) whenever ASP.NET Core authentication signs a user in or out. Sign-out
    /// keeps the signed-out user's data in the browser's session; use <see cref="RenewOnSignInDestroyOnSignOut"/>.
    /// </summary>
    [Obsolete("Sign-out should end the session: use RenewOnSignInDestroyOnSignOut() (and Keep<T>() for models such as a theme that may survive it). This method, which renews on sign-out and keeps the data, will be removed in the next release.")]
    public ScSessionBuilder RenewOnSignInAndSignOut()
    {
        SessionAwareAuthenticationService.Register(Services, new SignOutPolicy(Destroy: false, [], []));
        return this;
    }

    /// <summary>
    /// Registers <typeparamref name="T"/> for constructor injection (scoped). Models in the application assembly
    /// are registered automatically; call this for models declared in a class library that is loaded later.
    /// </summary>
    public ScSessionBuilder AddModel<T>() where T : class, ISessionModel<T>
    {
        GeneratedSessionModelSupport.Register<T>();
        Services.TryAddScoped(typeof(T), ModelServiceFactory.For(typeof(T)));
        return this;
    }
}
