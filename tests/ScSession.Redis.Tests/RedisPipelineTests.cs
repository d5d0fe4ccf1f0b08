using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.Redis.Tests;

[SessionModel]
public partial class VisitSession
{
    public partial int Count { get; set; }
}

[SessionModel]
public partial class TagSession
{
    public partial List<string> Tags { get; set; }
}

/// <summary>A web app on TestServer whose sessions live in Redis, and a browser that keeps the session cookie.</summary>
public sealed class RedisApp : IAsyncDisposable
{
    private RedisApp(WebApplication app) => App = app;

    public WebApplication App { get; }

    public List<string> Events { get; } = [];

    private TaskCompletionSource _meeting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    /// <summary>Holds each request until two have arrived, so both load the session before either saves.</summary>
    private Task MeetAsync()
    {
        lock (this)
        {
            var meeting = _meeting;
            if (++_arrived == 2)
            {
                _arrived = 0;
                _meeting = new(TaskCreationOptions.RunContinuationsAsynchronously);
                meeting.SetResult();
            }

            return meeting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public static async Task<RedisApp> StartAsync(string configuration, string prefix, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        RedisApp? self = null;
        builder.Services.AddScSession(o =>
        {
            o.StoreTimeout = TimeSpan.FromSeconds(3);
            o.Events.OnRejected = c => { self!.Events.Add("rejected:" + c.Reason); return Task.CompletedTask; };
        }).AddRedisStore(configuration, o => o.KeyPrefix = prefix);
        var app = builder.Build();
        self = new RedisApp(app);
        app.UseScSession();
        app.MapGet("/count", (VisitSession visits) => ++visits.Count);
        app.MapGet("/count/peek", (VisitSession visits) => visits.Count);
        app.MapPost("/tag/{tag}", (string tag, TagSession tags) => tags.Tags.Add(tag));
        app.MapGet("/count/meet", async (VisitSession visits) =>
        {
            var seen = visits.Count;
            await self.MeetAsync();
            return visits.Count = seen + 1;
        });
        app.MapPost("/tag/meet/{tag}", async (string tag, TagSession tags) =>
        {
            _ = tags.Tags.Count;
            await self.MeetAsync();
            tags.Tags.Add(tag);
        });
        app.MapGet("/tags", (TagSession tags) => string.Join(",", tags.Tags.Order(StringComparer.Ordinal)));
        app.MapPost("/renew", async (HttpContext c) => { await c.RenewSessionAsync(); return Results.NoContent(); });
        app.MapPost("/logout", async (HttpContext c) => { await c.DestroySessionAsync(); return Results.NoContent(); });
        await app.StartAsync();
        return self;
    }

    public Browser NewBrowser() => new(App.GetTestClient());

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

public sealed class Browser(HttpClient client)
{
    public string? Cookie { get; set; }

    public Browser SameSession(RedisApp other) => new(other.App.GetTestClient()) { Cookie = Cookie };

    public async Task<string> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", ".scs=" + Cookie);
        }

        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode}");
        if (response.Headers.TryGetValues("Set-Cookie", out var headers))
        {
            foreach (var header in headers.Where(h => h.StartsWith(".scs=", StringComparison.Ordinal)))
            {
                var value = header.Split(';')[0][5..];
                Cookie = value.Length == 0 || header.Contains("1970", StringComparison.Ordinal) ? null : value;
            }
        }

        return await response.Content.ReadAsStringAsync();
    }

    public Task<string> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<string> PostAsync(string path) => SendAsync(HttpMethod.Post, path);
}

[Collection(nameof(RedisCollection))]
public sealed class RedisPipelineTests(RedisServer redis) : IAsyncLifetime
{
    private readonly string _prefix = $"p{Guid.NewGuid():N}:";
    private RedisApp _app = null!;

    public async Task InitializeAsync() => _app = await RedisApp.StartAsync(redis.Configuration, _prefix);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Session_persists_in_redis_and_renew_and_destroy_work()
    {
        var browser = _app.NewBrowser();
        Assert.Equal("1", await browser.GetAsync("/count"));
        Assert.Equal("2", await browser.GetAsync("/count"));
        var beforeRenew = browser.Cookie;

        await browser.PostAsync("/renew");
        Assert.NotEqual(beforeRenew, browser.Cookie);
        Assert.Equal("2", await browser.GetAsync("/count/peek"));
        var replay = new Browser(_app.App.GetTestClient()) { Cookie = beforeRenew };
        Assert.Equal("0", await replay.GetAsync("/count/peek"));

        var beforeLogout = browser.Cookie;
        await browser.PostAsync("/logout");
        Assert.Null(browser.Cookie);
        replay.Cookie = beforeLogout;
        Assert.Equal("0", await replay.GetAsync("/count/peek"));
        Assert.Contains("rejected:NotFound", _app.Events);
    }

    [Fact]
    public async Task Concurrent_requests_changing_different_models_lose_nothing()
    {
        var browser = _app.NewBrowser();
        await browser.GetAsync("/count");

        // Twenty rounds; in each, two requests on one session both load it before either saves (they meet in the
        // handler), then one changes VisitSession and the other TagSession. Whole-session writes would lose one
        // of each pair; per-section writes keep both.
        for (var round = 0; round < 20; round++)
        {
            var countTab = new Browser(_app.App.GetTestClient()) { Cookie = browser.Cookie };
            var tagTab = new Browser(_app.App.GetTestClient()) { Cookie = browser.Cookie };
            await Task.WhenAll(countTab.GetAsync("/count/meet"), tagTab.PostAsync($"/tag/meet/t{round:00}"));
        }

        Assert.Equal("21", await browser.GetAsync("/count/peek"));
        Assert.Equal(string.Join(",", Enumerable.Range(0, 20).Select(i => $"t{i:00}")), await browser.GetAsync("/tags"));
    }
}

/// <summary>Scale-out: two app instances (separate hosts and containers) sharing one Redis.</summary>
[Collection(nameof(RedisCollection))]
public sealed class RedisScaleOutTests(RedisServer redis)
{
    [Fact]
    public async Task Session_moves_between_two_instances_including_renew_and_destroy()
    {
        var prefix = $"scale{Guid.NewGuid():N}:";
        await using var a = await RedisApp.StartAsync(redis.Configuration, prefix);
        await using var b = await RedisApp.StartAsync(redis.Configuration, prefix);
        var onA = a.NewBrowser();

        Assert.Equal("1", await onA.GetAsync("/count"));
        var onB = onA.SameSession(b);
        Assert.Equal("2", await onB.GetAsync("/count"));
        Assert.Equal("2", await onA.GetAsync("/count/peek"));

        var old = onB.Cookie;
        await onB.PostAsync("/renew");
        Assert.Equal("0", await new Browser(a.App.GetTestClient()) { Cookie = old }.GetAsync("/count/peek"));
        var renewedOnA = onB.SameSession(a);
        Assert.Equal("3", await renewedOnA.GetAsync("/count"));

        await renewedOnA.PostAsync("/logout");
        Assert.Equal("0", await onB.GetAsync("/count/peek"));
    }
}

/// <summary>Redis going away mid-run: requests fail loudly, then recover by themselves.</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task Store_down_fails_the_request_naming_redis_then_recovers_when_it_is_back()
    {
        await using var redis = new RedisServerLifetime();
        await redis.Server.StartAsync();
        await using var app = await RedisApp.StartAsync(redis.Server.Configuration, "outage:");
        var browser = app.NewBrowser();
        Assert.Equal("1", await browser.GetAsync("/count"));

        await redis.Server.StopAsync();
        var error = await Assert.ThrowsAsync<SessionStoreException>(() => browser.GetAsync("/count"));
        // Wrapped once, by ScSession: the store and the operation in the message, Redis's own error inside.
        Assert.StartsWith("Session store RedisSessionStore: could not load a session: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.InnerException is StackExchange.Redis.RedisException or TimeoutException or OperationCanceledException, error.InnerException?.ToString());

        await redis.Server.StartAsync(); // an empty Redis on the same port: the old session is gone
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? answer = null;
        while (answer is null)
        {
            try
            {
                answer = await browser.GetAsync("/count");
            }
            catch (SessionStoreException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250); // the connection reconnects by itself
            }
        }

        Assert.Equal("1", answer);
        Assert.Equal("2", await browser.GetAsync("/count"));
    }

    private sealed class RedisServerLifetime : IAsyncDisposable
    {
        public RedisServer Server { get; } = new();

        public async ValueTask DisposeAsync() => await Server.StopAsync();
    }
}
