using ScSession.StoreTesting;
using StackExchange.Redis;

namespace ScSession.Redis.Tests;

/// <summary><see cref="ScSessionOptions.MaxSessionsPerOwner"/> on a real Redis node.</summary>
[Collection(nameof(RedisCollection))]
public sealed class RedisOwnerLimitTests(RedisServer redis) : OwnerLimitStoreContractTests
{
    private ConnectionMultiplexer? _connection;

    protected override async Task<ISessionStore> CreateStoreAsync()
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        return new RedisSessionStore(_connection, new RedisSessionStoreOptions { KeyPrefix = $"t{Guid.NewGuid():N}:" });
    }

    public override async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}

/// <summary>
/// <see cref="ScSessionOptions.MaxSessionsPerOwner"/> on a real Redis Cluster (3 masters, 3 replicas): the owner's index
/// and its sessions are in different slots, so admission and revocation are separate commands.
/// </summary>
[Collection(nameof(RedisClusterCollection))]
public sealed class RedisClusterOwnerLimitTests(RedisClusterServer cluster) : OwnerLimitStoreContractTests
{
    private ConnectionMultiplexer? _connection;

    protected override async Task<ISessionStore> CreateStoreAsync()
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration);
        return new RedisSessionStore(_connection, new RedisSessionStoreOptions { KeyPrefix = $"t{Guid.NewGuid():N}:" });
    }

    public override async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
