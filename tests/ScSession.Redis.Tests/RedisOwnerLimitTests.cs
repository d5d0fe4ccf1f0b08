using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ScSession.StoreTesting;
using StackExchange.Redis;

namespace ScSession.Redis.Tests;

/// <summary><see cref="ScSessionOptions.MaxSessionsPerOwner"/> on a real Redis node.</summary>
[Collection(nameof(RedisCollection))]
public sealed class RedisOwnerLimitTests(RedisServer redis) : OwnerLimitStoreContractTests
{
    private ConnectionMultiplexer? _connection;

    protected override async Task<ISessionStore> CreateStoreAsync()
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        return new RedisSessionStore(_connection, new RedisSessionStoreOptions { KeyPrefix = $"t{Guid.NewGuid():N}:" });
    }

    public override async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}

/// <summary>
/// <see cref="ScSessionOptions.MaxSessionsPerOwner"/> on a real Redis Cluster (3 masters, 3 replicas): the owner's index
/// and its sessions are in different slots, so admission and revocation are separate commands.
/// </summary>
[Collection(nameof(RedisClusterCollection))]
public sealed class RedisClusterOwnerLimitTests(RedisClusterServer cluster) : OwnerLimitStoreContractTests
{
    private ConnectionMultiplexer? _connection;

    protected override async Task<ISessionStore> CreateStoreAsync()
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration);
        return new RedisSessionStore(_connection, new RedisSessionStoreOptions { KeyPrefix = $"t{Guid.NewGuid():N}:" });
    }

    public override async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}

/// <summary>
/// <see cref="ScSessionOptions.MaxSessionsPerOwner"/> end to end: 20 browsers of one user sign in at once through
/// <c>SetSessionOwnerAsync</c> on an app whose sessions live in a real Redis (node and cluster).
/// </summary>
public static class RedisSignInRace
{
    public static async Task RunAsync(string configuration, MaxSessionsPolicy policy)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddScSession(o =>
        {
            o.MaxSessionsPerOwner = 3;
            o.MaxSessionsPolicy = policy;
        }).AddRedisStore(configuration, o => o.KeyPrefix = $"t{Guid.NewGuid():N}:");
        await using var app = builder.Build();
        app.UseScSession();
        app.MapGet("/visit", (VisitSession visit) => ++visit.Count);
        app.MapGet("/visit/peek", (VisitSession visit) => visit.Count);
        app.MapGet("/whoami", async (HttpContext context) => await context.GetSessionOwnerAsync() ?? "nobody");
        app.MapPost("/sign-in/{id}", async (string id, Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            try
            {
                await context.SetSessionOwnerAsync(id);
                return "admitted";
            }
            catch (SessionLimitExceededException)
            {
                return "refused";
            }
        });
        await app.StartAsync();
        var browsers = Enumerable.Range(0, 20).Select(_ => new SessionBrowser(app.GetTestClient())).ToArray();
        foreach (var browser in browsers)
        {
            Assert.Equal("1", await browser.GetStringAsync("/visit"));
        }

        var answers = await Task.WhenAll(browsers.Select(async b =>
        {
            using var response = await b.PostAsync("/sign-in/ada");
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync();
        }));

        var owners = await Task.WhenAll(browsers.Select(b => b.GetStringAsync("/whoami")));
        var kept = await Task.WhenAll(browsers.Select(b => b.GetStringAsync("/visit/peek")));
        Assert.Equal(3, owners.Count(o => o == "ada"));
        Assert.Equal(3, (await app.Services.GetRequiredService<ISessionOwnerIndex>().GetOwnerSessionsAsync("ada")).Count);
        if (policy == MaxSessionsPolicy.RefuseNewSession)
        {
            Assert.Equal(3, answers.Count(a => a == "admitted"));
            Assert.All(kept, k => Assert.Equal("1", k)); // the refused keep their session, without the owner
        }
        else
        {
            Assert.Equal(3, kept.Count(k => k == "1")); // the ended ones start afresh
        }
    }
}

[Collection(nameof(RedisCollection))]
public sealed class RedisSignInRaceTests(RedisServer redis)
{
    [Theory]
    [InlineData(MaxSessionsPolicy.RevokeLeastRecentlyUsed)]
    [InlineData(MaxSessionsPolicy.RefuseNewSession)]
    public Task Twenty_simultaneous_sign_ins_through_the_app_leave_three_sessions_of_the_user(MaxSessionsPolicy policy)
        => RedisSignInRace.RunAsync(redis.Configuration, policy);
}

[Collection(nameof(RedisClusterCollection))]
public sealed class RedisClusterSignInRaceTests(RedisClusterServer cluster)
{
    [Theory]
    [InlineData(MaxSessionsPolicy.RevokeLeastRecentlyUsed)]
    [InlineData(MaxSessionsPolicy.RefuseNewSession)]
    public Task Twenty_simultaneous_sign_ins_through_the_app_leave_three_sessions_of_the_user(MaxSessionsPolicy policy)
        => RedisSignInRace.RunAsync(cluster.Configuration, policy);
}
