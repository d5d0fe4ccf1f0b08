using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary><c>OnExpired</c>: the memory store's reports, the dispatcher, and the start-up check of stores that cannot report.</summary>
public sealed class ExpiryEventTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private SessionWrite Write(string? owner, TimeSpan ttl, bool isNew = true)
        => new(isNew, _time.GetUtcNow(), _time.GetUtcNow(), ttl, new Dictionary<string, ReadOnlyMemory<byte>> { ["cart"] = Encoding.UTF8.GetBytes("[]") }, owner);

    private async Task<(MemorySessionStore Store, List<ExpiredSession> Reported, IAsyncDisposable Reporting)> ReportingStoreAsync(int maxSessions = 100)
    {
        var store = new MemorySessionStore(_time, new MemorySessionStoreOptions { MaxSessions = maxSessions });
        var reported = new List<ExpiredSession>();
        var reporting = await store.StartReportingExpiredAsync(e => { lock (reported) { reported.Add(e); } }, default);
        return (store, reported, reporting);
    }

    [Fact]
    public async Task Memory_store_reports_a_session_a_load_finds_expired_once_with_owner_and_times()
    {
        var (store, reported, _) = await ReportingStoreAsync();
        var created = _time.GetUtcNow();
        await store.SaveAsync("k", Write("ada", TimeSpan.FromMinutes(5)), default);
        _time.Advance(TimeSpan.FromMinutes(2));
        await store.TouchAsync("k", _time.GetUtcNow(), TimeSpan.FromMinutes(5), default);
        Assert.Empty(reported);

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await store.LoadAsync("k", default));
        Assert.Null(await store.LoadAsync("k", default));

        var expired = Assert.Single(reported);
        Assert.Equal(("k", "ada", created, created + TimeSpan.FromMinutes(2)), (expired.PublicId, expired.OwnerId, expired.CreatedAt, expired.LastSeenAt));
    }

    [Fact]
    public async Task Memory_store_scan_reports_sessions_never_seen_again_and_stops_when_disposed()
    {
        var (store, reported, reporting) = await ReportingStoreAsync();
        await store.SaveAsync("a", Write("ada", TimeSpan.FromMinutes(5)), default);
        await store.SaveAsync("b", Write(null, TimeSpan.FromMinutes(5)), default);
        await store.SaveAsync("live", Write(null, TimeSpan.FromMinutes(30)), default);

        _time.Advance(TimeSpan.FromMinutes(6)); // the one-minute scan runs on the fake clock

        Assert.Equal(["a", "b"], reported.Select(e => e.PublicId).Order(StringComparer.Ordinal));
        Assert.Equal(1, store.Count);

        await reporting.DisposeAsync();
        await store.SaveAsync("c", Write(null, TimeSpan.FromMinutes(1)), default);
        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.Null(await store.LoadAsync("c", default));
        Assert.Equal(2, reported.Count);
    }

    [Fact]
    public async Task Memory_store_reports_expired_sessions_eviction_removes_but_not_live_ones_it_pushes_out()
    {
        var (store, reported, _) = await ReportingStoreAsync(maxSessions: 1);
        await store.SaveAsync("old", Write("ada", TimeSpan.FromSeconds(30)), default);
        _time.Advance(TimeSpan.FromSeconds(31)); // expired, but before the first scan
        await store.SaveAsync("new", Write(null, TimeSpan.FromMinutes(5)), default);
        await store.SaveAsync("newer", Write(null, TimeSpan.FromMinutes(5)), default); // pushes out a live session

        Assert.Equal("old", Assert.Single(reported).PublicId);
    }

    [Theory]
    [InlineData(0, 19, SessionExpiryReason.Idle)] // last seen at 19 min: idle end 39 < absolute end 60
    [InlineData(45, 45, SessionExpiryReason.Absolute)] // last seen at 45 min: idle end 65 > 60
    [InlineData(40, 40, SessionExpiryReason.Absolute)] // both end at 60: the absolute timeout is the reason
    public void The_reason_is_the_timeout_that_ended_first(int _, int lastSeenMinutes, SessionExpiryReason reason)
    {
        var options = new ScSessionOptions { IdleTimeout = TimeSpan.FromMinutes(20), AbsoluteTimeout = TimeSpan.FromMinutes(60) };
        var created = _time.GetUtcNow();
        var (actual, at) = SessionExpiryDispatcher.ReasonOf(created, created.AddMinutes(lastSeenMinutes), options);
        Assert.Equal(reason, actual);
        Assert.Equal(reason == SessionExpiryReason.Idle ? created.AddMinutes(lastSeenMinutes + 20) : created.AddMinutes(60), at);
    }

    private IHost BuildHost(Action<ScSessionBuilder> store, Action<ScSessionOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(_time);
        store(builder.Services.AddScSession(o =>
        {
            o.SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            configure(o);
        }));
        return builder.Build();
    }

    [Fact]
    public async Task OnExpired_with_the_cookie_store_fails_at_start_up_saying_why()
    {
        using var host = BuildHost(_ => { }, o => o.Events.OnExpired = _ => Task.CompletedTask);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("kept in cookies", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnExpired_with_the_distributed_cache_store_fails_at_start_up_saying_why()
    {
        using var host = BuildHost(b => { b.Services.AddDistributedMemoryCache(); b.AddDistributedCacheStore(); }, o => o.Events.OnExpired = _ => Task.CompletedTask);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("DistributedCacheSessionStore does not report expired sessions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_OnExpired_handler_the_cookie_store_starts_even_with_a_subclass_of_the_events()
    {
        // The start-up refusal above is only for applications that handle OnExpired: neither a default ScSessionEvents
        // nor a subclass that overrides another event counts as one.
        using var host = BuildHost(b => { }, _ => { });
        await host.StartAsync();
        await host.StopAsync();
        using var subclassed = BuildHost(_ => { }, o => o.Events = new SubclassedEvents()); // overrides another event only
        await subclassed.StartAsync();
        await subclassed.StopAsync();
    }

    [Fact]
    public async Task Memory_store_OnExpired_runs_outside_requests_and_a_throwing_handler_does_not_stop_the_next()
    {
        var seen = Channel.CreateUnbounded<ScSessionExpiredContext>();
        using var host = BuildHost(b => b.AddMemoryStore(), o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(20);
            o.AbsoluteTimeout = TimeSpan.FromMinutes(60);
            o.Events.OnExpired = context =>
            {
                seen.Writer.TryWrite(context);
                return context.OwnerId == "ada" ? throw new InvalidOperationException("boom") : Task.CompletedTask;
            };
        });
        await host.StartAsync();
        var store = host.Services.GetRequiredService<ISessionStore>();
        await store.SaveAsync("a", Write("ada", TimeSpan.FromMinutes(20)), default);
        await store.SaveAsync("b", Write("bob", TimeSpan.FromMinutes(20)), default);

        _time.Advance(TimeSpan.FromMinutes(21));
        Assert.Null(await store.LoadAsync("a", default)); // a request's load meets it
        Assert.Null(await store.LoadAsync("b", default));

        var first = await seen.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var second = await seen.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("a", "ada", SessionExpiryReason.Idle), (first.SessionId, first.OwnerId, first.Reason));
        Assert.Equal(("b", "bob", SessionExpiryReason.Idle), (second.SessionId, second.OwnerId, second.Reason));
        Assert.Same(store, second.Services.GetService<ISessionStore>()); // the root provider: no request scope
        await host.StopAsync();
    }

    private sealed class SubclassedEvents : ScSessionEvents
    {
        public override Task Loaded(ScSessionContext context) => Task.CompletedTask;
    }
}
