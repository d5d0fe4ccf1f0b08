using Microsoft.Extensions.Time.Testing;
using ScSession.StoreTesting;

namespace ScSession.Core.Tests;

public sealed class MemorySessionStoreContractTests : SessionStoreContractTests
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

public sealed class MemorySessionStoreTests
{
    [Fact]
    public async Task Stays_within_its_bound_dropping_the_sessions_closest_to_expiry()
    {
        var time = new FakeTimeProvider();
        var store = new MemorySessionStore(time, new MemorySessionStoreOptions { MaxSessions = 3 });
        for (var i = 0; i < 5; i++)
        {
            var ttl = TimeSpan.FromMinutes(10 + i);
            await store.SaveAsync($"k{i}", new SessionWrite(true, time.GetUtcNow(), time.GetUtcNow(), ttl, new Dictionary<string, ReadOnlyMemory<byte>>()), default);
        }

        Assert.True(store.Count <= 3);
        Assert.NotNull(await store.LoadAsync("k4", default));
        Assert.Null(await store.LoadAsync("k0", default));
    }
}

/// <summary>The store contract on a real in-process IDistributedCache (MemoryDistributedCache, real clock).</summary>
public sealed class DistributedCacheSessionStoreContractTests : SessionStoreContractTests
{
    protected override DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override TimeSpan ShortTtl => TimeSpan.FromSeconds(1);

    protected override Task<ISessionStore> CreateStoreAsync()
    {
        var cache = new Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions()));
        return Task.FromResult<ISessionStore>(new DistributedCacheSessionStore(cache, new DistributedCacheSessionStoreOptions()));
    }

    protected override Task AdvanceAsync(TimeSpan duration) => Task.Delay(duration);
}
