using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ScSession.Redis.Tests;

// Alone: it kills the master of servers of its own, and measures how long recovery takes.
[CollectionDefinition(nameof(RedisSentinelFailoverCollection), DisableParallelization = true)]
public sealed class RedisSentinelFailoverCollection;

/// <summary>
/// An app connected through a real Sentinel by service name (<c>AddRedisStore("host:26379,serviceName=…")</c>) while
/// the master is killed: writes fail loudly (5xx, logged) until the Sentinel promotes the replica, then every session
/// is served and saved again with its data, and new sessions are written to the new master.
/// </summary>
[Collection(nameof(RedisSentinelFailoverCollection))]
public sealed class RedisSentinelFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Sessions = 20;
    private readonly RedisSentinelServer _servers = new();
    private readonly ListLoggerProvider _logs = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(_logs);
            builder.Services.AddProblemDetails();
            builder.Services.AddScSession().AddRedisStore(_servers.SentinelConfiguration);
            _app = builder.Build();
            _app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError });
            _app.UseScSession();
            _app.MapPost("/visit", (VisitSession visits) => ++visits.Count);
            _app.MapGet("/visits", (VisitSession visits) => visits.Count.ToString(CultureInfo.InvariantCulture));
            await _app.StartAsync();
        }
        catch
        {
            await _servers.DisposeAsync(); // xUnit does not call DisposeAsync when InitializeAsync fails
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _servers.DisposeAsync();
    }

    [Fact]
    public async Task Killing_the_master_fails_writes_only_until_the_Sentinel_promotes_the_replica()
    {
        var client = _app.GetTestClient();
        var browsers = Enumerable.Range(0, Sessions).Select(_ => new SessionBrowser(client)).ToList();
        foreach (var browser in browsers)
        {
            (await browser.PostAsync("/visit")).EnsureSuccessStatusCode();
            (await browser.PostAsync("/visit")).EnsureSuccessStatusCode();
        }

        await _servers.WaitForReplicationAsync(TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        await _servers.KillMasterAsync();
        var promoted = PromotedAsync(clock);

        // Every browser counts a visit each round: a write, which only a master takes.
        var visits = browsers.Select(_ => 2).ToArray();
        TimeSpan? promotedAt = null, recoveredAt = null;
        var (failed, readsBeforePromotion) = (0, 0);
        while (clock.Elapsed < TimeSpan.FromSeconds(40))
        {
            var round = await Task.WhenAll(browsers.Select(async browser =>
            {
                using var response = await browser.PostAsync("/visit");
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));
            promotedAt ??= promoted.IsCompletedSuccessfully ? await promoted : null;
            for (var i = 0; i < round.Length; i++)
            {
                if (round[i].StatusCode == HttpStatusCode.OK)
                {
                    // Never a fresh, empty session, never a lost visit: counted on top of the last one, or failed loudly.
                    Assert.Equal((++visits[i]).ToString(CultureInfo.InvariantCulture), round[i].Body);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.InternalServerError, round[i].StatusCode);
                    failed++;
                }
            }

            if (promotedAt is null)
            {
                // Reads need no master: the client falls back to the replica (PreferMaster).
                using var read = await browsers[0].GetAsync("/visits");
                if (read.StatusCode == HttpStatusCode.OK)
                {
                    Assert.Equal(visits[0].ToString(CultureInfo.InvariantCulture), await read.Content.ReadAsStringAsync());
                    readsBeforePromotion++;
                }
            }

            if (round.All(r => r.StatusCode == HttpStatusCode.OK) && promotedAt is not null)
            {
                recoveredAt = clock.Elapsed;
                break;
            }

            await Task.Delay(100);
        }

        output.WriteLine($"replica promoted {promotedAt} after the kill; all sessions served again after {recoveredAt}; {failed} failed writes; {readsBeforePromotion} reads served by the replica meanwhile");
        await promoted; // a failover that did not happen fails here, with the fixture's message
        Assert.True(failed > 0, "writes should have failed while there was no master");
        Assert.True(readsBeforePromotion > 0, "no read was served by the replica while there was no master");
        Assert.NotNull(recoveredAt);
        Assert.True(recoveredAt - promotedAt < TimeSpan.FromSeconds(5), $"served again {recoveredAt - promotedAt} after the promotion");
        Assert.NotEmpty(_logs.WithException<SessionStoreException>());

        // The new master keeps what it was given: the counts read back, and a new session starts and is kept.
        using (var read = await browsers[0].GetAsync("/visits"))
        {
            Assert.Equal(visits[0].ToString(CultureInfo.InvariantCulture), await read.Content.ReadAsStringAsync());
        }

        var newcomer = new SessionBrowser(client);
        (await newcomer.PostAsync("/visit")).EnsureSuccessStatusCode();
        using var again = await newcomer.GetAsync("/visits");
        Assert.Equal("1", await again.Content.ReadAsStringAsync());
    }

    private async Task<TimeSpan> PromotedAsync(Stopwatch clock)
    {
        await _servers.WaitForFailoverAsync(TimeSpan.FromSeconds(30));
        return clock.Elapsed;
    }
}
