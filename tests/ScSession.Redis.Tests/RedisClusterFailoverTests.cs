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

// Alone, after the other tests: it kills a node of a cluster of its own, and measures how long recovery takes.
[CollectionDefinition(nameof(RedisClusterFailoverCollection), DisableParallelization = true)]
public sealed class RedisClusterFailoverCollection;

/// <summary>
/// A master of a real local cluster is killed while an app serves sessions from it: requests for its slots fail
/// loudly (5xx, logged) until its replica takes over, then work again with their data within seconds; sessions on the
/// other masters never fail.
/// </summary>
[Collection(nameof(RedisClusterFailoverCollection))]
public sealed class RedisClusterFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Sessions = 60;
    private readonly RedisClusterServer _cluster = new();
    private readonly string _prefix = $"t{Guid.NewGuid():N}:";
    private readonly ListLoggerProvider _logs = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        try
        {
            await StartAppAsync();
        }
        catch
        {
            await _cluster.DisposeAsync(); // xUnit does not call DisposeAsync when InitializeAsync fails
            throw;
        }
    }

    private async Task StartAppAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.Services.AddProblemDetails();
        builder.Services.AddScSession().AddRedisStore(_cluster.Configuration, o => o.KeyPrefix = _prefix);
        _app = builder.Build();
        _app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError });
        _app.UseScSession();
        _app.MapPost("/visit", (HttpContext context, VisitSession visits) =>
        {
            visits.Count++;
            return context.Session.Id;
        });
        _app.MapGet("/visits", (VisitSession visits) => visits.Count.ToString(CultureInfo.InvariantCulture));
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Killing_a_master_fails_only_its_sessions_and_only_until_its_replica_takes_over()
    {
        var client = _app.GetTestClient();
        var sessions = new List<(SessionBrowser Browser, int Master)>();
        for (var i = 0; i < Sessions; i++)
        {
            var browser = new SessionBrowser(client);
            await browser.PostAsync("/visit");
            using var second = await browser.PostAsync("/visit");
            var id = await second.Content.ReadAsStringAsync();
            sessions.Add((browser, await _cluster.MasterOfAsync(_prefix + "s:" + id)));
        }

        var masters = await _cluster.MastersAsync();
        Assert.All(masters, m => Assert.Contains(sessions, s => s.Master == m)); // every master serves some
        await _cluster.WaitForReplicationAsync(TimeSpan.FromSeconds(10));

        var killed = masters[0];

        // A renewal from a live master to the one about to die: prepared now, while every node answers.
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_cluster.Configuration);
        var store = new RedisSessionStore(connection, new RedisSessionStoreOptions { KeyPrefix = _prefix });
        var renewedFrom = await KeyOnAsync(m => m != killed);
        var renewedTo = await KeyOnAsync(m => m == killed);
        var now = DateTimeOffset.UtcNow;
        await store.SaveAsync(renewedFrom, new SessionWrite(true, now, now, TimeSpan.FromMinutes(20), new Dictionary<string, ReadOnlyMemory<byte>> { ["cart"] = "[1]"u8.ToArray() }), default);
        await _cluster.WaitForReplicationAsync(TimeSpan.FromSeconds(10));

        var clock = Stopwatch.StartNew();
        await _cluster.KillAsync(killed);
        var healthy = _cluster.WaitForHealthyAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);

        // Meanwhile, a renewal whose second step cannot reach the new ID's master (checked at the end).
        var renewal = Record.ExceptionAsync(() => store.RenewAsync(renewedFrom, renewedTo, new SessionWrite(false, now, now, TimeSpan.FromMinutes(20), new Dictionary<string, ReadOnlyMemory<byte>>()), default).AsTask());

        TimeSpan? healthyAt = null, recoveredAt = null;
        var failedOnKilled = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(40))
        {
            var round = await Task.WhenAll(sessions.Select(async s =>
            {
                using var response = await s.Browser.GetAsync("/visits");
                return (s.Master, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));
            healthyAt ??= healthy.IsCompletedSuccessfully ? await healthy : null;

            foreach (var (master, status, body) in round)
            {
                if (status == HttpStatusCode.OK)
                {
                    Assert.Equal("2", body); // never a fresh, empty session: served with its data, or failed loudly
                }
                else
                {
                    Assert.Equal(HttpStatusCode.InternalServerError, status);
                    Assert.True(master == killed, $"a session on another master failed at {clock.Elapsed} after the kill: {_logs.WithException<SessionStoreException>().LastOrDefault()?.Exception?.InnerException?.Message}");
                    failedOnKilled++;
                }
            }

            if (round.All(r => r.StatusCode == HttpStatusCode.OK) && healthyAt is not null)
            {
                recoveredAt = clock.Elapsed;
                break;
            }

            await Task.Delay(100);
        }

        output.WriteLine($"killed {killed}; cluster healthy after {healthyAt}; all sessions served again after {recoveredAt}; {failedOnKilled} failed requests, all on the killed master");
        Assert.True(failedOnKilled > 0, "the killed master's sessions should have failed while no node served their slots");
        Assert.NotNull(healthyAt);
        Assert.NotNull(recoveredAt);
        Assert.True(recoveredAt - healthyAt < TimeSpan.FromSeconds(5), $"served again {recoveredAt - healthyAt} after the cluster was healthy");
        Assert.NotEmpty(_logs.WithException<SessionStoreException>()); // the failures were logged, naming the store

        // The renewal failed loudly, and the session stayed under the old ID (or, if even the way back failed, in its
        // tombstone): never lost, never under both IDs.
        var failed = await renewal;
        Assert.NotNull(failed);
        output.WriteLine($"renewal towards the dead master: {failed.GetType().Name}: {failed.Message.Split(" - ")[0]}");
        var restored = await store.LoadAsync(renewedFrom, default);
        Assert.True(restored is not null || failed.Message.Contains("tombstone", StringComparison.Ordinal), "the session is neither restored nor kept in its tombstone");
        Assert.Null(await store.LoadAsync(renewedTo, default));
    }

    /// <summary>A store key whose session the master chosen by <paramref name="master"/> serves.</summary>
    private async Task<string> KeyOnAsync(Func<int, bool> master)
    {
        while (true)
        {
            var key = Guid.NewGuid().ToString("N");
            if (master(await _cluster.MasterOfAsync(_prefix + "s:" + key)))
            {
                return key;
            }
        }
    }
}
