using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.Redis.Tests;

/// <summary>
/// Issue 14's measurement, on a real Redis: parallel requests of one session that each add a line to the same model.
/// Before section versions, 50 such requests all answered 200 and 4 lines were kept. Now each change is kept or
/// answered 409 (optimistic, the default on this store).
/// </summary>
[Collection(nameof(RedisCollection))]
public sealed class RedisConcurrencyTests(RedisServer redis) : IAsyncLifetime
{
    private const int Requests = 200;
    private WebApplication _app = null!;
    private int _conflictEvents;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        builder.Services.AddScSession(o => o.Events.OnConflict = _ =>
        {
            Interlocked.Increment(ref _conflictEvents);
            return Task.CompletedTask;
        }).AddRedisStore(redis.Configuration, o => o.KeyPrefix = $"t{Guid.NewGuid():N}:");
        _app = builder.Build();
        _app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is SessionConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status500InternalServerError,
        });
        _app.UseScSession();
        _app.MapPost("/tag/{tag}", async (string tag, TagSession tags) =>
        {
            await Task.Delay(1); // the parallel requests all read before any of them saves
            tags.Tags.Add(tag);
        });
        _app.MapGet("/tags", (TagSession tags) => string.Join(",", tags.Tags));
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Parallel_changes_to_one_model_are_each_kept_or_answered_409_never_lost()
    {
        var client = _app.GetTestClient();
        using var first = await client.PostAsync("/tag/start", null);
        first.EnsureSuccessStatusCode();
        var cookie = first.Headers.GetValues("Set-Cookie").Single(h => h.StartsWith(".scs=", StringComparison.Ordinal)).Split(';')[0];

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/tag/{i}");
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            return (Tag: i.ToString(), response.StatusCode);
        }));

        using var read = new HttpRequestMessage(HttpMethod.Get, "/tags");
        read.Headers.Add("Cookie", cookie);
        var kept = (await (await client.SendAsync(read)).Content.ReadAsStringAsync()).Split(',').Skip(1).ToHashSet();
        var saved = responses.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.Tag).ToHashSet();
        var refused = responses.Count(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal(Requests, saved.Count + refused); // no 500, no other answer
        Assert.Equal(saved, kept); // every answered change is there, and nothing else
        Assert.Equal(refused, _conflictEvents);
        Assert.True(refused > 0, "200 parallel changes of one model should have collided at least once");
    }
}
