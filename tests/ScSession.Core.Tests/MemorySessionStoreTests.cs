using Microsoft.Extensions.Time.Testing;
using ScSession.StoreTesting;
using Xunit.Abstractions;

namespace ScSession.Core.Tests;

public sealed class MemorySessionStoreContractTests : LeasingStoreContractTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    protected override DateTimeOffset Now => _time.GetUtcNow();

    protected override Task<ISessionStore> CreateStoreAsync()
        => Task.FromResult<ISessionStore>(new MemorySessionStore(_time, new MemorySessionStoreOptions()));

    protected override Task AdvanceAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }
}

public sealed class MemorySessionStoreTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(20);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private MemorySessionStore NewStore(int capacity) => new(_time, new MemorySessionStoreOptions { MaxSessions = capacity });

    private SessionWrite Write(bool isNew, string? owner = null, TimeSpan? ttl = null)
        => new(isNew, _time.GetUtcNow(), _time.GetUtcNow(), ttl ?? Ttl, new Dictionary<string, ReadOnlyMemory<byte>>(), owner);

    private Task Create(MemorySessionStore store, string key, string? owner = null, TimeSpan? ttl = null)
        => store.SaveAsync(key, Write(true, owner, ttl), default).AsTask();

    private static async Task<bool> Loads(MemorySessionStore store, string key) => await store.LoadAsync(key, default) is not null;

    private static async Task<string[]> Listed(MemorySessionStore store, string owner) => [.. (await store.GetOwnerSessionsAsync(owner)).Select(s => s.PublicId)];

    [Fact]
    public async Task An_established_session_survives_a_flood_of_new_ones_that_push_out_only_each_other()
    {
        const int Capacity = 50;
        var store = NewStore(Capacity);
        await Create(store, "user");
        Assert.True(await Loads(store, "user")); // a later request: the session is in use

        for (var i = 0; i < Capacity * 3; i++)
        {
            await Create(store, $"anon{i}");
            Assert.True(store.Count <= Capacity);
        }

        Assert.Equal(Capacity, store.Count);
        Assert.True(await Loads(store, "user"));
        var kept = Enumerable.Range(0, Capacity * 3).Where(i => store.LoadAsync($"anon{i}", default).Result is not null).ToList();
        Assert.Equal(Enumerable.Range(Capacity * 2 + 1, Capacity - 1), kept); // the newest; the oldest went first
    }

    [Fact]
    public async Task Touch_and_a_later_save_establish_a_session_too_and_an_update_of_nothing_does_not_count()
    {
        var store = NewStore(3);
        await Create(store, "touched");
        await Create(store, "saved");
        await store.TouchAsync("touched", _time.GetUtcNow(), Ttl, default);
        await store.SaveAsync("saved", Write(false), default);
        await store.SaveAsync("ghost", Write(false), default); // missing: creates nothing, evicts nothing

        for (var i = 0; i < 10; i++)
        {
            await Create(store, $"anon{i}");
        }

        Assert.True(await Loads(store, "touched"));
        Assert.True(await Loads(store, "saved"));
        Assert.True(await Loads(store, "anon9"));
        Assert.False(await Loads(store, "anon8"));
        Assert.False(await Loads(store, "ghost"));
    }

    [Fact]
    public async Task When_every_session_is_established_the_least_recently_used_goes_first()
    {
        var store = NewStore(3);
        foreach (var key in new[] { "a", "b", "c" })
        {
            await Create(store, key);
            await Loads(store, key);
        }

        await store.TouchAsync("a", _time.GetUtcNow(), Ttl, default); // a is now the most recently used: b is the least
        await Create(store, "d");

        Assert.False(await Loads(store, "b"));
        Assert.True(await Loads(store, "a")); // order of use now: c, d (probation), a

        await Create(store, "e"); // probation first: d goes although c was used longer ago
        Assert.False(await Loads(store, "d"));
        Assert.True(await Loads(store, "c"));
        Assert.True(await Loads(store, "e")); // e established; order of use: a, c, e

        await Create(store, "f");
        Assert.False(await Loads(store, "a"));
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public async Task A_renewed_session_counts_as_established()
    {
        var store = NewStore(2);
        await Create(store, "login");
        await store.RenewAsync("login", "signed-in", Write(true), default);

        for (var i = 0; i < 5; i++)
        {
            await Create(store, $"anon{i}");
        }

        Assert.True(await Loads(store, "signed-in"));
        Assert.False(await Loads(store, "login"));
    }

    [Fact]
    public async Task Expired_sessions_are_evicted_before_live_ones_and_never_load()
    {
        var store = NewStore(4);
        await Create(store, "short1", ttl: TimeSpan.FromMinutes(1));
        await Create(store, "short2", ttl: TimeSpan.FromMinutes(1));
        await Create(store, "live");
        await Create(store, "used", ttl: TimeSpan.FromMinutes(1));
        await Loads(store, "used");

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(await Loads(store, "used")); // expired: never loads, and is dropped when met
        Assert.Equal(3, store.Count);

        await Create(store, "n1");
        await Create(store, "n2");
        await Create(store, "n3"); // full again: the expired short1 and short2 make room, not live

        Assert.True(await Loads(store, "live"));
        Assert.False(await Loads(store, "short1"));
        Assert.False(await Loads(store, "short2"));
        Assert.True(await Loads(store, "n3"));
        Assert.Equal(4, store.Count);
    }

    [Fact]
    public async Task The_owner_index_forgets_evicted_deleted_renewed_reowned_and_expired_sessions()
    {
        var store = NewStore(100);
        for (var i = 0; i < 10_000; i++)
        {
            await Create(store, $"k{i}", owner: $"user{i % 300}");
            Assert.True(store.IndexedOwnerKeys <= 100);
        }

        Assert.Equal(100, store.IndexedOwnerKeys);
        Assert.Empty(await Listed(store, "user150")); // k150, k450, … k9750 were all evicted
        Assert.Equal(["k9900"], await Listed(store, "user0")); // of 34, the newest is kept
        Assert.Equal(["k9999"], await Listed(store, "user99"));

        var owned = NewStore(100);
        foreach (var key in new[] { "deleted", "renewed", "reowned", "expiring", "kept" })
        {
            await Create(owned, key, owner: "ada", ttl: key == "expiring" ? TimeSpan.FromMinutes(1) : null);
        }

        await owned.DeleteAsync("deleted", default);
        await owned.RenewAsync("renewed", "renewed2", Write(true, "ada"), default);
        await owned.SaveAsync("reowned", Write(false, "bob"), default);
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(new[] { "kept", "renewed2" }, (await Listed(owned, "ada")).Order());
        Assert.Equal(3, owned.IndexedOwnerKeys); // expiring was noticed by the lookup and dropped
        Assert.Equal(2, await ((ISessionOwnerIndex)owned).RevokeOwnerSessionsAsync("ada"));
        Assert.Equal(1, owned.IndexedOwnerKeys);
        Assert.Equal(1, await ((ISessionOwnerIndex)owned).RevokeOwnerSessionsAsync("bob"));
        Assert.Equal(0, owned.IndexedOwnerKeys);
        Assert.Equal(0, owned.Count);
    }

    [Fact]
    public async Task Inserting_at_capacity_examines_a_constant_number_of_entries_never_every_session()
    {
        const int Capacity = 200_000;
        var store = NewStore(Capacity);
        var keys = Enumerable.Range(0, Capacity * 2).Select(i => $"session-{i}").ToArray();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Capacity; i++)
        {
            await Create(store, keys[i]);
            if (i % 2 == 0)
            {
                await Loads(store, keys[i]); // half established, so eviction looks at both queues
            }
        }

        output.WriteLine($"filled {Capacity:N0} sessions in {stopwatch.Elapsed.TotalMilliseconds:N0} ms");
        Assert.Equal(0, store.ExaminedForEviction);

        stopwatch.Restart();
        for (var i = Capacity; i < keys.Length; i++)
        {
            await Create(store, keys[i]);
        }

        stopwatch.Stop();
        output.WriteLine($"{Capacity:N0} inserts at capacity in {stopwatch.Elapsed.TotalMilliseconds:N0} ms ({stopwatch.Elapsed.TotalMicroseconds / Capacity:N2} µs each); entries examined: {store.ExaminedForEviction:N0}");
        Assert.Equal(Capacity, store.Count);
        Assert.True(store.ExaminedForEviction <= 2L * Capacity, $"examined {store.ExaminedForEviction} entries for {Capacity} inserts");
    }

    [Fact]
    public async Task Parallel_use_keeps_the_bound_and_the_queues_consistent()
    {
        const int Capacity = 500;
        var store = NewStore(Capacity);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                var key = $"t{t}-{i}";
                await Create(store, key, owner: $"o{i % 7}");
                await store.LoadAsync($"t{t}-{i / 2}", default);
                await store.SaveAsync($"t{t}-{i / 3}", Write(false, $"o{i % 5}"), default);
                if (i % 11 == 0)
                {
                    await store.DeleteAsync($"t{t}-{i / 4}", default);
                }
            }
        })));

        Assert.True(store.Count <= Capacity);
        Assert.True(store.IndexedOwnerKeys <= store.Count);
    }
}

/// <summary>The store contract on a real in-process IDistributedCache (MemoryDistributedCache, real clock).</summary>
public sealed class DistributedCacheSessionStoreContractTests : SessionStoreContractTests
{
    // The cache's own clock, advanced by the tests: expiry is tested without waiting, so a loaded machine cannot make
    // a session expire between two steps of a test.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    protected override DateTimeOffset Now => _time.GetUtcNow();

    protected override Task<ISessionStore> CreateStoreAsync()
    {
        var cache = new Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions { Clock = new CacheClock(_time) }));
        return Task.FromResult<ISessionStore>(new DistributedCacheSessionStore(cache, new DistributedCacheSessionStoreOptions()));
    }

    protected override Task AdvanceAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }

    private sealed class CacheClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}

/// <summary><see cref="ScSessionOptions.MaxSessionsPerOwner"/> on the memory store (its lock serializes admissions).</summary>
public sealed class MemoryOwnerLimitTests : OwnerLimitStoreContractTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    protected override DateTimeOffset Now => _time.GetUtcNow();

    protected override Task<ISessionStore> CreateStoreAsync()
        => Task.FromResult<ISessionStore>(new MemorySessionStore(_time, new MemorySessionStoreOptions()));
}
