using StackExchange.Redis;

namespace ScSession.Redis.Tests;

[Collection(nameof(RedisCollection))]
public sealed class ClientDisconnectOnRedisTests(RedisServer redis) : ClientDisconnectTests, IDisposable
{
    private ConnectionMultiplexer? _connection;

    protected override ISessionStore CreateStore(IServiceProvider services)
    {
        _connection = ConnectionMultiplexer.Connect(redis.Configuration);
        return new RedisSessionStore(_connection, new RedisSessionStoreOptions { KeyPrefix = "disconnect" + Guid.NewGuid().ToString("N")[..8] + ":" });
    }

    public void Dispose() => _connection?.Dispose();
}
