using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace ScSession.Redis.Tests;

/// <summary>"Remember me" on a real Redis: the session hash's TTL follows the session's own window.</summary>
[Collection(nameof(RedisCollection))]
public sealed class RedisRememberMeTests(RedisServer redis) : IAsyncLifetime
{
    private readonly string _prefix = $"rm{Guid.NewGuid():N}:";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly List<SessionRejectionReason> _rejected = [];
    private ConnectionMultiplexer _connection = null!;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddScSession(o =>
        {
            o.SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            o.IdleTimeout = TimeSpan.FromMinutes(20);
            o.AbsoluteTimeout = TimeSpan.FromHours(1);
            o.RememberedIdleTimeout = TimeSpan.FromDays(7);
            o.RememberedAbsoluteTimeout = TimeSpan.FromDays(30);
            o.Events.OnRejected = c => { _rejected.Add(c.Reason); return Task.CompletedTask; };
        }).AddRedisStore(_connection, o => o.KeyPrefix = _prefix);

        _app = builder.Build();
        _app.UseScSession();
        _app.MapGet("/count/peek", (VisitSession visits) => visits.Count);
        _app.MapPost("/remember/{persistent:bool}", (bool persistent, HttpContext context, VisitSession visits) =>
        {
            visits.Count++;
            context.SetSessionPersistent(persistent);
            return context.Session.Id;
        });
        _app.MapPost("/renew", async (HttpContext context) =>
        {
            await context.RenewSessionAsync();
            return context.Session.Id;
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private SessionBrowser NewBrowser() => new(_app.GetTestClient());

    private static async Task<string> PostForIdAsync(SessionBrowser browser, string path)
    {
        using var response = await browser.PostAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync()).Trim('"');
    }

    /// <summary>The session hash's TTL in Redis (the store key is the session's public ID).</summary>
    private async Task<TimeSpan?> TtlAsync(string publicId) => await _connection.GetDatabase().KeyTimeToLiveAsync($"{_prefix}s:{publicId}");

    private static void AssertAbout(TimeSpan expected, TimeSpan? actual)
    {
        Assert.NotNull(actual);
        Assert.InRange(actual.Value, expected - TimeSpan.FromSeconds(30), expected);
    }

    [Fact]
    public async Task Ttl_follows_the_remembered_window_across_renewal()
    {
        var browser = NewBrowser();
        var id = await PostForIdAsync(browser, "/remember/true");
        AssertAbout(TimeSpan.FromDays(7), await TtlAsync(id));

        // Two hours later on the application's clock (past both normal windows) it still loads; renewal keeps the window.
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
        var renewed = await PostForIdAsync(browser, "/renew");
        Assert.NotEqual(id, renewed);
        AssertAbout(TimeSpan.FromDays(7), await TtlAsync(renewed));
        Assert.Empty(_rejected);
    }

    [Fact]
    public async Task Ttl_follows_the_normal_window_when_not_remembered_and_after_switching()
    {
        var browser = NewBrowser();
        var id = await PostForIdAsync(browser, "/remember/false");
        AssertAbout(TimeSpan.FromMinutes(20), await TtlAsync(id));

        Assert.Equal(id, await PostForIdAsync(browser, "/remember/true"));
        AssertAbout(TimeSpan.FromDays(7), await TtlAsync(id));

        Assert.Equal(id, await PostForIdAsync(browser, "/remember/false"));
        AssertAbout(TimeSpan.FromMinutes(20), await TtlAsync(id));
    }

    [Fact]
    public async Task Switching_off_past_the_normal_windows_ends_the_session_in_redis()
    {
        var browser = NewBrowser();
        var id = await PostForIdAsync(browser, "/remember/true");
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(id, await PostForIdAsync(browser, "/remember/false"));
        await Task.Delay(50);
        Assert.Null(await TtlAsync(id)); // gone: a millisecond's TTL
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        Assert.Equal([SessionRejectionReason.NotFound], _rejected);
    }
}
