using StackExchange.Redis;

namespace ScSession.Redis.Tests;

/// <summary>
/// The Redis owner index beyond the store contract: its work is bounded by the listing's limit, not by how many sessions
/// the owner has, and it does not keep expired sessions.
/// </summary>
[Collection(nameof(RedisCollection))]
public sealed class RedisOwnerIndexTests(RedisServer redis) : IAsyncLifetime
{
    private readonly string _prefix = $"t{Guid.NewGuid():N}:";
    private ConnectionMultiplexer _connection = null!;
    private RedisSessionStore _store = null!;

    public async Task InitializeAsync()
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        _store = new RedisSessionStore(_connection, new RedisSessionStoreOptions { KeyPrefix = _prefix });
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private IDatabase Db => _connection.GetDatabase();

    private RedisKey IndexKey(string owner) => $"{_prefix}os:{{{owner}}}";

    private static SessionWrite Owned(string owner, DateTimeOffset lastSeen, TimeSpan ttl)
        => new(true, lastSeen, lastSeen, ttl, new Dictionary<string, ReadOnlyMemory<byte>> { ["x"] = "1"u8.ToArray() }, owner);

    private static string Key(int i) => $"k{i:D5}";

    /// <summary>Saves <paramref name="count"/> sessions of the owner, session i last seen i seconds after the first.</summary>
    private async Task<string> OwnerWithSessionsAsync(int count)
    {
        var owner = "ada-" + Guid.NewGuid().ToString("N");
        var first = DateTimeOffset.UtcNow - TimeSpan.FromHours(1);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(200))
        {
            await Task.WhenAll(chunk.Select(i => _store.SaveAsync(Key(i), Owned(owner, first + TimeSpan.FromSeconds(i), TimeSpan.FromHours(2)), default).AsTask()));
        }

        return owner;
    }

    [Fact]
    public async Task Listing_the_latest_few_of_thousands_of_sessions_costs_commands_for_the_few()
    {
        var owner = await OwnerWithSessionsAsync(3000);
        var before = _connection.GetCounters().Interactive.OperationCount;

        var listed = await _store.GetOwnerSessionsAsync(owner, limit: 10);

        var commands = _connection.GetCounters().Interactive.OperationCount - before;
        Assert.Equal(Enumerable.Range(2990, 10).Reverse().Select(Key), listed.Select(s => s.PublicId));
        Assert.InRange(commands, 11, 12); // one range read and ten session reads, not 3,000
    }

    [Fact]
    public async Task Listing_skips_and_drops_dead_sessions_at_the_top_and_still_fills_the_limit()
    {
        var owner = await OwnerWithSessionsAsync(250);
        await Db.KeyDeleteAsync([.. Enumerable.Range(100, 150).Select(i => (RedisKey)(_prefix + "s:" + Key(i)))]); // the 150 most recent are gone

        var listed = await _store.GetOwnerSessionsAsync(owner, limit: 20);

        Assert.Equal(Enumerable.Range(80, 20).Reverse().Select(Key), listed.Select(s => s.PublicId));
        Assert.Equal(100, await Db.SortedSetLengthAsync(IndexKey(owner)));
    }

    [Fact]
    public async Task Indexing_drops_sessions_that_have_expired_so_a_busy_owner_index_does_not_grow()
    {
        var owner = "ada-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 50; i++)
        {
            // Last seen 3 hours ago with an hour to live: expired by their own times (Redis keeps the keys an hour).
            await _store.SaveAsync(Key(i), Owned(owner, now - TimeSpan.FromHours(3), TimeSpan.FromHours(1)), default);
        }

        Assert.Equal(50, await Db.SortedSetLengthAsync(IndexKey(owner)));

        await _store.SaveAsync(Key(50), Owned(owner, now, TimeSpan.FromHours(1)), default);

        Assert.Equal([_prefix + "s:" + Key(50)], (await Db.SortedSetRangeByRankAsync(IndexKey(owner))).Select(m => (string)m!));
    }

    [Fact]
    public async Task Pruning_spares_sessions_within_the_longest_time_to_live_the_owner_was_given()
    {
        var owner = "ada-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        await _store.SaveAsync("remembered", Owned(owner, now - TimeSpan.FromHours(2), TimeSpan.FromHours(3)), default);
        await _store.SaveAsync("ancient", Owned(owner, now - TimeSpan.FromHours(4), TimeSpan.FromHours(1)), default);

        // A brief session now: the index prunes by the longest life it was given (3 h, plus a margin for clocks), not by 1 s.
        await _store.SaveAsync("brief", Owned(owner, now, TimeSpan.FromSeconds(1)), default);

        var members = (await Db.SortedSetRangeByRankAsync(IndexKey(owner))).Select(m => ((string)m!)[(_prefix.Length + 2)..]).Order().ToArray();
        Assert.Equal(["brief", "remembered"], members);
    }

    [Fact]
    public async Task Listing_leaves_a_member_indexed_in_the_last_minute_whose_session_is_not_written_yet()
    {
        var owner = await OwnerWithSessionsAsync(3);
        var now = DateTimeOffset.UtcNow;
        await Db.SortedSetAddAsync(IndexKey(owner), _prefix + "s:in-flight", now.ToUnixTimeMilliseconds()); // a first save on its way
        await Db.SortedSetAddAsync(IndexKey(owner), _prefix + "s:long-gone", (now - TimeSpan.FromHours(1)).ToUnixTimeMilliseconds());

        var listed = await _store.GetOwnerSessionsAsync(owner);
        var revoked = await _store.RevokeOwnerSessionsAsync(owner);

        Assert.Equal([Key(2), Key(1), Key(0)], listed.Select(s => s.PublicId));
        Assert.Equal(3, revoked);
        Assert.Equal([_prefix + "s:in-flight"], (await Db.SortedSetRangeByRankAsync(IndexKey(owner))).Select(m => (string)m!));
    }

    [Fact]
    public async Task A_touch_keeps_the_owners_index_alive_as_long_as_the_session()
    {
        await _store.SaveAsync("k", Owned("grace", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2)), default);

        await _store.TouchAsync("k", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(20), default);

        Assert.InRange((await Db.KeyTimeToLiveAsync(IndexKey("grace")))!.Value.TotalMinutes, 19, 20);
        Assert.InRange((await Db.KeyTimeToLiveAsync(IndexKey("grace").Append(":ttl")))!.Value.TotalMinutes, 19, 20);
    }

    [Fact]
    public async Task Revoking_all_of_thousands_of_sessions_works_in_batches_of_a_hundred()
    {
        var owner = await OwnerWithSessionsAsync(1000);
        await _store.RevokeSessionAsync("nobody", "none"); // the client learns the script's hash: counted from here, one command per script
        var before = _connection.GetCounters().Interactive.OperationCount;

        Assert.Equal(1000, await _store.RevokeOwnerSessionsAsync(owner));

        var commands = _connection.GetCounters().Interactive.OperationCount - before;
        Assert.InRange(commands, 1000, 1000 + (10 * 2) + 1); // a script per session, a range read and a removal per batch
        Assert.False(await Db.KeyExistsAsync(IndexKey(owner)));
        Assert.Empty(await _store.GetOwnerSessionsAsync(owner));
    }
}
