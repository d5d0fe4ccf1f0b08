using Microsoft.Extensions.DependencyInjection;

namespace ScSession.Redis.Tests;

[Collection(nameof(RedisCollection))]
public sealed class ClientDisconnectOnRedisTests(RedisServer redis) : ClientDisconnectTests
{
    protected override void UseStore(ScSessionBuilder session)
        => session.AddRedisStore(redis.Configuration, o => o.KeyPrefix = "disconnect" + Guid.NewGuid().ToString("N")[..8] + ":");
}
