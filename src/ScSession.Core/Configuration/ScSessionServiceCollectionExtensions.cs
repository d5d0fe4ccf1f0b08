using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ScSession;
using ScSession.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers ScSession.</summary>
public static class ScSessionServiceCollectionExtensions
{
    /// <summary>
    /// Adds ScSession with options from the configuration section <c>ScSession</c> and the encrypted cookie store.
    /// </summary>
    public static ScSessionBuilder AddScSession(this IServiceCollection services) => services.AddScSession(static _ => { });

    /// <summary>
    /// Adds ScSession with options from the configuration section <c>ScSession</c>, then <paramref name="configure"/>;
    /// the encrypted cookie store is the default. Options are validated at start-up.
    /// </summary>
    public static ScSessionBuilder AddScSession(this IServiceCollection services, Action<ScSessionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<ScSessionOptions>, ConfigureFromConfiguration>());
        services.AddOptions<ScSessionOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScSessionOptions>, ScSessionOptionsValidator>());
        services.AddDataProtection();
        services.AddHttpContextAccessor();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScSessionRuntime>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, SessionExpiryDispatcher>());
        services.TryAddSingleton<ISessionOwnerIndex>(static sp => sp.GetRequiredService<ScSessionRuntime>().OwnerIndex);

        foreach (var modelType in GeneratedSessionModelSupport.RegisteredTypes)
        {
            services.TryAddScoped(modelType, ModelServiceFactory.For(modelType));
        }

        return new ScSessionBuilder(services);
    }

    /// <summary>Binds the <c>ScSession</c> configuration section when the application has configuration.</summary>
    private sealed class ConfigureFromConfiguration(IServiceProvider services) : IConfigureOptions<ScSessionOptions>
    {
        public void Configure(ScSessionOptions options)
        {
            if (services.GetService<IConfiguration>() is { } configuration)
            {
                configuration.GetSection(ScSessionOptions.ConfigurationSectionName).Bind(options);
            }
        }
    }
}
