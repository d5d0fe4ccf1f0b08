using ScSession.StoreTesting;
using StackExchange.Redis;

namespace ScSession.Redis.Tests;

[CollectionDefinition(nameof(RedisCollection))]
public sealed class RedisCollection : ICollectionFixture<RedisServer>;

/// <summary>The store contract against a real Redis; expiry uses Redis's own clock (real waiting).</summary>
[Collection(nameof(RedisCollection))]
public sealed class RedisSessionStoreContractTests(RedisServer redis) : LeasingStoreContractTests
{
    private readonly string _prefix = $"t{Guid.NewGuid():N}:";
    private ConnectionMultiplexer? _connection;

    protected override DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override TimeSpan ShortTtl => TimeSpan.FromSeconds(1);

    protected override async Task<ISessionStore> CreateStoreAsync()
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        return new RedisSessionStore(_connection, new RedisSessionStoreOptions { KeyPrefix = _prefix });
    }

    protected override Task AdvanceAsync(TimeSpan duration) => Task.Delay(duration);

    public override async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_request_waiting_for_a_lease_continues_when_it_is_released_not_at_its_next_poll()
    {
        var leases = (ISessionLeaseStore)Store;
        var key = NewKey();
        Assert.True(await leases.TryAcquireLeaseAsync(key, "cart", "holder", TimeSpan.FromMinutes(1), default));

        var waited = System.Diagnostics.Stopwatch.StartNew();
        var waiting = leases.WaitForLeaseReleaseAsync(key, "cart", TimeSpan.FromSeconds(20), default).AsTask();
        await Task.Delay(300); // listening by now
        Assert.False(waiting.IsCompleted);
        await leases.ReleaseLeaseAsync(key, "cart", "holder", default);

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), $"woken after {waited.Elapsed}, not by the release");
        Assert.True(await leases.TryAcquireLeaseAsync(key, "cart", "next", TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task Layout_is_one_hash_per_session_with_a_field_per_section_and_an_expiry()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Write(true, TimeSpan.FromMinutes(20), null, ("cart", "[1]"), ("user", "{}")), default);

        var db = _connection!.GetDatabase();
        var redisKey = _prefix + "s:" + key;
        Assert.Equal(RedisType.Hash, await db.KeyTypeAsync(redisKey));
        var fields = (await db.HashKeysAsync(redisKey)).Select(f => f.ToString()).Order().ToArray();

        Assert.Equal(["m:c", "m:l", "s:cart", "s:user", "v:cart", "v:user"], fields);
        var ttl = await db.KeyTimeToLiveAsync(redisKey);
        Assert.InRange(ttl!.Value.TotalMinutes, 19, 20);
    }
}
