using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using ScSession;
using ScSession.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL session store (<c>AddScSession().AddPostgresStore(...)</c>).</summary>
public static class ScSessionPostgresBuilderExtensions
{
    /// <summary>
    /// Keeps sessions in PostgreSQL: the cookie then carries only the session ID. Creates the tables on first use
    /// (unless <see cref="PostgresSessionStoreOptions.CreateSchema"/> is off) and deletes expired sessions on a timer.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddScSession</c>.</param>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>).</param>
    /// <param name="configure">Changes the store's options.</param>
    public static ScSessionBuilder AddPostgresStore(this ScSessionBuilder builder, string connectionString, Action<PostgresSessionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = Configure(configure);
        builder.Services.RemoveAll<OwnedDataSource>();
        builder.Services.AddSingleton(_ => new OwnedDataSource(NpgsqlDataSource.Create(connectionString)));
        return Register(builder, options, sp => sp.GetRequiredService<OwnedDataSource>().DataSource);
    }

    /// <summary>
    /// Keeps sessions in PostgreSQL through <paramref name="dataSource"/>, which the application owns (and disposes).
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddScSession</c>.</param>
    /// <param name="dataSource">The connections to use.</param>
    /// <param name="configure">Changes the store's options.</param>
    public static ScSessionBuilder AddPostgresStore(this ScSessionBuilder builder, NpgsqlDataSource dataSource, Action<PostgresSessionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        return Register(builder, Configure(configure), _ => dataSource);
    }

    private static PostgresSessionStoreOptions Configure(Action<PostgresSessionStoreOptions>? configure)
    {
        var options = new PostgresSessionStoreOptions();
        configure?.Invoke(options);
        _ = new PostgresSessionSql(options); // invalid names fail here, at registration
        return options;
    }

    private static ScSessionBuilder Register(ScSessionBuilder builder, PostgresSessionStoreOptions options, Func<IServiceProvider, NpgsqlDataSource> dataSource)
    {
        var services = builder.Services;
        services.RemoveAll<ISessionStore>();
        services.RemoveAll<PostgresSessionStore>();
        services.AddSingleton(sp => new PostgresSessionStore(dataSource(sp), options, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<ISessionStore>(sp => sp.GetRequiredService<PostgresSessionStore>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresSessionCleanupService>());
        return builder;
    }

    /// <summary>A data source created from a connection string: the container disposes it.</summary>
    private sealed class OwnedDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable, IDisposable
    {
        public NpgsqlDataSource DataSource { get; } = dataSource;

        public ValueTask DisposeAsync() => DataSource.DisposeAsync();

        public void Dispose() => DataSource.Dispose();
    }
}
