using ScSession.StoreTesting;
using StackExchange.Redis;

namespace ScSession.Redis.Tests;

[CollectionDefinition(nameof(RedisClusterCollection))]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterServer>;

/// <summary>
/// The same store contract as on a single node, against a real Redis Cluster (3 masters, 3 replicas): every script and
/// transaction must touch keys of one slot, and renewal and the owner index must work across slots.
/// </summary>
[Collection(nameof(RedisClusterCollection))]
public sealed class RedisClusterStoreContractTests(RedisClusterServer cluster) : LeasingStoreContractTests
{
    private readonly string _prefix = $"t{Guid.NewGuid():N}:";
    private ConnectionMultiplexer? _connection;

    protected override DateTimeOffset Now => DateTimeOffset.UtcNow;

    // Not 1 s as on one node: with six servers on the test machine's cores, a 0.5 s wait once overshot the lease test.
    protected override TimeSpan ShortTtl => TimeSpan.FromSeconds(2);

    protected override async Task<ISessionStore> CreateStoreAsync()
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration);
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
    public async Task Renewal_moves_a_session_to_another_master_with_its_leases_left_behind_and_no_tombstone()
    {
        var oldKey = NewKey();
        var newKey = NewKey();
        while (await cluster.MasterOfAsync(_prefix + "s:" + newKey) == await cluster.MasterOfAsync(_prefix + "s:" + oldKey))
        {
            newKey = NewKey(); // the renewal must cross nodes, not only slots
        }

        await Store.SaveAsync(oldKey, Write(true, TimeSpan.FromMinutes(20), "ada", ("cart", "[1]")), default);
        Assert.True(await ((ISessionLeaseStore)Store).TryAcquireLeaseAsync(oldKey, "cart", "a", TimeSpan.FromMinutes(1), default));

        await Store.RenewAsync(oldKey, newKey, Write(false, TimeSpan.FromMinutes(20), "ada"), default);

        Assert.Null(await Store.LoadAsync(oldKey, default));
        Assert.Equal("[1]", Text((await Store.LoadAsync(newKey, default))!, "cart"));
        var db = _connection!.GetDatabase();
        Assert.False(await db.KeyExistsAsync($"{_prefix}r:{{{_prefix}s:{oldKey}}}"));
        var ttl = await db.KeyTimeToLiveAsync(_prefix + "s:" + newKey);
        Assert.InRange(ttl!.Value.TotalMinutes, 19, 20);
    }

    [Fact]
    public async Task A_session_its_leases_and_its_tombstone_share_one_slot()
    {
        var key = NewKey();
        var session = _prefix + "s:" + key;

        var slot = _connection!.HashSlot(session);

        Assert.Equal(slot, _connection.HashSlot($"{_prefix}l:{{{session}}}:cart"));
        Assert.Equal(slot, _connection.HashSlot($"{_prefix}r:{{{session}}}"));
    }

    [Fact]
    public void A_key_prefix_with_braces_is_refused_with_a_reason()
    {
        var refused = Assert.Throws<ArgumentException>(() => new RedisSessionStoreOptions { KeyPrefix = "{app}:" });

        Assert.Contains("hash tag", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_and_revoking_an_owner_with_many_sessions_on_every_master_work_in_batches()
    {
        var owner = NewOwner();
        var keys = Enumerable.Range(0, 250).Select(_ => NewKey()).ToArray();
        await Task.WhenAll(keys.Select(key => Store.SaveAsync(key, OwnedWrite(owner), default).AsTask()));
        await Store.DeleteAsync(keys[0], default);

        Assert.Equal(3, (await Index.GetOwnerSessionsAsync(owner, limit: 3)).Count);
        Assert.Equal(249, await Index.RevokeOwnerSessionsAsync(owner));
        Assert.Empty(await Index.GetOwnerSessionsAsync(owner));
        Assert.False(await _connection!.GetDatabase().KeyExistsAsync(_prefix + "o:" + owner));
    }
}
