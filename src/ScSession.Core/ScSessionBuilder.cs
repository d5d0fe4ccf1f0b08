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
