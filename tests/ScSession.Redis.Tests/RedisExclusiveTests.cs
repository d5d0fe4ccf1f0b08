using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.Redis.Tests;

/// <summary>
/// <see cref="SessionConcurrency.Exclusive"/> on a real Redis, over HTTP: parallel changes of one model take turns and
/// are all kept, another model is never held up, and a lease left by a process that died (never released) holds the
/// model only until Redis ends it.
/// </summary>
[Collection(nameof(RedisCollection))]
public sealed class RedisExclusiveTests(RedisServer redis) : IAsyncLifetime
{
    private const int Requests = 200;
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _app = null!;
    private int _conflicts;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        builder.Services.AddScSession(o =>
        {
            o.DefaultConcurrency = SessionConcurrency.Exclusive;
            o.ExclusiveWaitTimeout = TimeSpan.FromSeconds(60);
            o.Events.OnConflict = _ =>
            {
                Interlocked.Increment(ref _conflicts);
                return Task.CompletedTask;
            };
        }).AddRedisStore(redis.Configuration, o => o.KeyPrefix = $"t{Guid.NewGuid():N}:");
        _app = builder.Build();
        _app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is SessionConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status500InternalServerError,
        });
        _app.UseScSession();
        _app.MapPost("/tag/{tag}", async (string tag, TagSession tags) =>
        {
            await Task.Delay(1); // real work while holding the model: an optimistic model would conflict here
            tags.Tags.Add(tag);
        });
        _app.MapGet("/tags", (TagSession tags) => string.Join(",", tags.Tags));
        _app.MapPost("/held/{tag}", async (string tag, TagSession tags) =>
        {
            tags.Tags.Add(tag);
            _holding.TrySetResult();
            await _gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
        });
        _app.MapPost("/visit", (VisitSession visits) => ++visits.Count);
        _app.MapGet("/visits", (VisitSession visits) => visits.Count);
        _app.MapGet("/id", (HttpContext context) => context.Session.Id);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Parallel_changes_to_one_exclusive_model_are_all_kept()
    {
        var client = _app.GetTestClient();
        var cookie = await StartSessionAsync(client);

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => SendAsync(client, HttpMethod.Post, $"/tag/{i}", cookie)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var kept = (await (await SendAsync(client, HttpMethod.Get, "/tags", cookie)).Content.ReadAsStringAsync()).Split(',');
        Assert.Equal(Enumerable.Range(0, Requests).Select(i => i.ToString()).Prepend("start").Order(), kept.Order());
        Assert.Equal(0, _conflicts);
    }

    [Fact]
    public async Task A_lease_left_by_a_process_that_died_holds_the_model_no_longer_than_the_lease()
    {
        var client = _app.GetTestClient();
        var cookie = await StartSessionAsync(client);
        var key = await (await SendAsync(client, HttpMethod.Get, "/id", cookie)).Content.ReadAsStringAsync();
        var lease = TimeSpan.FromSeconds(2);
        var leases = (ISessionLeaseStore)_app.Services.GetRequiredService<ISessionStore>();
        var taken = Stopwatch.StartNew();
        Assert.True(await leases.TryAcquireLeaseAsync(key, "TagSession", "a-process-that-died", lease, default));

        var response = await SendAsync(client, HttpMethod.Post, "/tag/after", cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(taken.Elapsed, lease - TimeSpan.FromMilliseconds(100), lease + TimeSpan.FromSeconds(3));
        var kept = await (await SendAsync(client, HttpMethod.Get, "/tags", cookie)).Content.ReadAsStringAsync();
        Assert.Equal("start,after", kept);
    }

    [Fact]
    public async Task Another_model_of_the_same_session_is_never_held_up_while_one_is_held()
    {
        var client = _app.GetTestClient();
        var cookie = await StartSessionAsync(client);

        var holder = SendAsync(client, HttpMethod.Post, "/held/first", cookie);
        await _holding.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var sameModel = SendAsync(client, HttpMethod.Post, "/tag/second", cookie);
        var otherModel = await SendAsync(client, HttpMethod.Post, "/visit", cookie).WaitAsync(TimeSpan.FromSeconds(5)); // VisitSession: exclusive too, but another model

        Assert.Equal(HttpStatusCode.OK, otherModel.StatusCode);
        Assert.False(sameModel.IsCompleted, "a request for the held model should still be waiting");
        _gate.TrySetResult();
        Assert.Equal(HttpStatusCode.OK, (await holder).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sameModel).StatusCode);
        Assert.Equal("start,first,second", await (await SendAsync(client, HttpMethod.Get, "/tags", cookie)).Content.ReadAsStringAsync());
        Assert.Equal("1", await (await SendAsync(client, HttpMethod.Get, "/visits", cookie)).Content.ReadAsStringAsync());
    }

    private static async Task<string> StartSessionAsync(HttpClient client)
    {
        using var first = await client.PostAsync("/tag/start", null);
        first.EnsureSuccessStatusCode();
        return first.Headers.GetValues("Set-Cookie").Single(h => h.StartsWith(".scs=", StringComparison.Ordinal)).Split(';')[0];
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string cookie)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
