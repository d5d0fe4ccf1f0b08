using ScSession;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Redis session store.</summary>
public static class ScSessionRedisBuilderExtensions
{
    /// <summary>
    /// Keeps sessions in Redis, connecting with a StackExchange.Redis configuration string (e.g. <c>localhost:6379</c>
    /// or <c>redis.internal:6379,password=…,ssl=true</c>). The connection reconnects by itself; while Redis is down,
    /// requests that use the session fail with a <see cref="SessionStoreException"/>.
    /// </summary>
    public static ScSessionBuilder AddRedisStore(this ScSessionBuilder builder, string configuration, Action<RedisSessionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false; // start even when Redis is down, and recover when it is back
        var storeOptions = new RedisSessionStoreOptions();
        configure?.Invoke(storeOptions);
        return builder.AddStore(_ => new RedisSessionStore(ConnectionMultiplexer.Connect(options), storeOptions, ownsConnection: true));
    }

    /// <summary>Keeps sessions in Redis on a connection the application manages.</summary>
    public static ScSessionBuilder AddRedisStore(this ScSessionBuilder builder, IConnectionMultiplexer connection, Action<RedisSessionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        var storeOptions = new RedisSessionStoreOptions();
        configure?.Invoke(storeOptions);
        return builder.AddStore(_ => new RedisSessionStore(connection, storeOptions));
    }
}
