using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ScSession.IntegrationTests;

/// <summary>
/// StoreTimeout holds for every store: the store gets a token cancelled at the timeout, so even one that blocks
/// (synchronously, as some IDistributedCache implementations do) until its token fires gives up in time, and the
/// request fails loudly instead of waiting and then "succeeding".
/// </summary>
public sealed class StoreTimeoutTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    private static async Task<(SessionTestHost Host, BlockingCache Cache)> StartAsync()
    {
        var cache = new BlockingCache();
        var host = await SessionTestHost.StartAsync(
            app => Endpoints.Map(app),
            o => o.StoreTimeout = Timeout,
            services =>
            {
                services.AddSingleton<IDistributedCache>(cache);
                services.AddScSession().AddDistributedCacheStore();
            });
        return (host, cache);
    }

    [Fact]
    public async Task A_load_from_a_cache_that_blocks_until_cancelled_times_out()
    {
        var (host, cache) = await StartAsync();
        await using var _ = host;
        var browser = host.NewBrowser();
        Assert.Equal("1", await browser.GetStringAsync("/count"));
        cache.Block = true;

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SessionStoreException>(() => browser.GetStringAsync("/count/peek"));

        Assert.Contains("could not load a session: timed out", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.True(cache.SawCancellation, "the cache was given a token that fired at the timeout");
    }

    [Fact]
    public async Task A_save_to_a_cache_that_blocks_until_cancelled_times_out_and_is_reported()
    {
        var (host, cache) = await StartAsync();
        await using var _ = host;
        var browser = host.NewBrowser();
        Assert.Equal("1", await browser.GetStringAsync("/count"));
        cache.BlockWrites = true;

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SessionStoreException>(() => browser.GetStringAsync("/count"));

        Assert.Contains("could not save a session: timed out", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.True(cache.SawCancellation);
        Assert.Contains("StoreTimeout", error.Message, StringComparison.Ordinal);
        // This cache ignores its token and writes anyway once woken: the write may have landed, but the request was
        // told, at the timeout, that the store did not confirm it — the other way round would be the silent loss.
    }

    [Fact]
    public async Task A_store_that_ignores_its_token_and_never_answers_times_out_all_the_same()
    {
        var store = new NeverAnsweringStore();
        await using var host = await SessionTestHost.StartAsync(
            app => Endpoints.Map(app),
            o => o.StoreTimeout = Timeout,
            services => services.AddScSession().AddStore(_ => store));
        var browser = host.NewBrowser();
        Assert.Equal("1", await browser.GetStringAsync("/count"));
        store.Hang = true;

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SessionStoreException>(() => browser.GetStringAsync("/count"));

        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Two_models_loaded_at_once_share_one_load_and_lose_nothing()
    {
        var store = new NeverAnsweringStore { Delay = TimeSpan.FromMilliseconds(50) };
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                Endpoints.Map(app);
                app.MapGet("/both", async (HttpContext context) =>
                {
                    var counter = context.GetSessionAsync<CounterSession>().AsTask();
                    var profile = context.GetSessionAsync<ProfileSession>().AsTask();
                    await Task.WhenAll(counter, profile);
                    return $"{counter.Result.Count}|{profile.Result.Name}";
                });
            },
            o => o.PreloadFromStore = false,
            services => services.AddScSession().AddStore(_ => store));
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        (await browser.PostAsync("/profile/ada")).EnsureSuccessStatusCode();
        store.Loads = 0;

        Assert.Equal("1|ada", await browser.GetStringAsync("/both"));
        Assert.Equal(1, store.Loads);
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    /// <summary>The memory store behind an asynchronous delay that ignores its token; or, when told to, that never ends.</summary>
    private sealed class NeverAnsweringStore : ISessionStore
    {
        private readonly MemorySessionStore _inner = new(TimeProvider.System, new MemorySessionStoreOptions());

        public volatile bool Hang;
        public int Loads;

        public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(1);

        private Task WaitAsync() => Task.Delay(Hang ? System.Threading.Timeout.InfiniteTimeSpan : Delay, CancellationToken.None);

        public async ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Loads);
            await WaitAsync();
            return await _inner.LoadAsync(key, cancellationToken);
        }

        public async ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken)
        {
            await WaitAsync();
            await _inner.SaveAsync(key, write, cancellationToken);
        }

        public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken) => _inner.RenewAsync(oldKey, newKey, write, cancellationToken);

        public ValueTask DeleteAsync(string key, CancellationToken cancellationToken) => _inner.DeleteAsync(key, cancellationToken);

        public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken) => _inner.TouchAsync(key, lastSeenAt, timeToLive, cancellationToken);
    }

    /// <summary>
    /// A memory cache that, when told to, blocks the calling thread until its token is cancelled (or 30 s pass) and then
    /// returns as if nothing happened: the worst kind of store for a timeout.
    /// </summary>
    private sealed class BlockingCache : IDistributedCache
    {
        private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));

        public volatile bool Block;
        public volatile bool BlockWrites;
        public volatile bool SawCancellation;

        private void Wait(bool write, CancellationToken token)
        {
            if (Block || (write && BlockWrites))
            {
                SawCancellation |= token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            }
        }

        public byte[]? Get(string key) => _inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
        {
            Wait(write: false, token);
            return _inner.GetAsync(key, CancellationToken.None);
        }

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => _inner.Set(key, value, options);

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Wait(write: true, token);
            return _inner.SetAsync(key, value, options, CancellationToken.None);
        }

        public void Refresh(string key) => _inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => _inner.RefreshAsync(key, CancellationToken.None);

        public void Remove(string key) => _inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default)
        {
            Wait(write: true, token);
            return _inner.RemoveAsync(key, CancellationToken.None);
        }
    }
}
