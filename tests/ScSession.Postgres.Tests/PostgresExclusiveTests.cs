using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.Postgres.Tests;

[SessionModel(Concurrency = SessionConcurrency.Exclusive)]
public partial class ExclusiveNoteSession
{
    public partial List<string> Notes { get; set; }
}

/// <summary>
/// <see cref="SessionConcurrency.Exclusive"/> over HTTP (TestServer) on a real PostgreSQL: the leases are rows with an
/// expiry, so these apps run on the real clock (waiting and expiry are real time here, unlike the pipeline tests).
/// </summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class PostgresExclusiveTests(PostgresServerFixture server) : IAsyncLifetime
{
    private const string Section = "ExclusiveNoteSession";

    private readonly string _prefix = "x" + Guid.NewGuid().ToString("N")[..10] + "_";
    private readonly List<Exception> _errors = [];
    private readonly List<WebApplication> _apps = [];
    private readonly TaskCompletionSource _gateEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _gate.TrySetResult(); // a failed test must not leave a request waiting on it
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>An app on the PostgreSQL store whose requests give up waiting for a held model after <paramref name="waitTimeout"/>.</summary>
    private async Task<WebApplication> StartAppAsync(TimeSpan waitTimeout)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddScSession(o =>
            {
                o.SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                o.ExclusiveWaitTimeout = waitTimeout;
            })
            .AddPostgresStore(server.ConnectionString, o => o.TablePrefix = _prefix);

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex)
            {
                lock (_errors)
                {
                    _errors.Add(ex);
                }

                context.Response.StatusCode = ex is SessionConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status500InternalServerError;
            }
        });
        app.UseScSession();
        app.MapGet("/id", (HttpContext context) => context.Session.Id); // the public ID: the session's store key
        app.MapPost("/note/{text}", (string text, ExclusiveNoteSession notes) => notes.Notes.Add(text));
        app.MapGet("/notes", (ExclusiveNoteSession notes) => string.Join(",", notes.Notes.Order(StringComparer.Ordinal)));
        app.MapPost("/gated/note/{text}", async (string text, ExclusiveNoteSession notes) =>
        {
            notes.Notes.Add(text);
            _gateEntered.TrySetResult();
            await _gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
        });
        app.MapGet("/count", (CounterSession counter) => ++counter.Count);
        app.MapGet("/count/peek", (CounterSession counter) => counter.Count);
        app.MapPost("/count-then-note/{text}", async (string text, HttpContext context) =>
        {
            (await context.GetSessionAsync<CounterSession>()).Count++; // changed before the exclusive model is asked for
            (await context.GetSessionAsync<ExclusiveNoteSession>()).Notes.Add(text);
        });
        await app.StartAsync();
        _apps.Add(app);
        return app;
    }

    private static SessionBrowser NewBrowser(WebApplication app) => new(app.GetTestClient());

    /// <summary>Another tab of <paramref name="browser"/>'s session: the same cookie, its own requests.</summary>
    private static SessionBrowser NewTab(WebApplication app, SessionBrowser browser)
    {
        var tab = NewBrowser(app);
        tab.Cookies[".scs"] = browser.Cookies[".scs"];
        return tab;
    }

    /// <summary>A browser with a stored session holding the note "start", and the session's store key.</summary>
    private static async Task<(SessionBrowser Browser, string Key)> StartSessionAsync(WebApplication app)
    {
        var browser = NewBrowser(app);
        (await browser.PostAsync("/note/start")).EnsureSuccessStatusCode();
        return (browser, await browser.GetStringAsync("/id"));
    }

    private static ISessionLeaseStore Leases(WebApplication app) => Assert.IsAssignableFrom<ISessionLeaseStore>(app.Services.GetRequiredService<ISessionStore>());

    [Fact]
    public async Task Parallel_changes_to_an_exclusive_model_are_all_kept_without_a_conflict()
    {
        const int Requests = 200;
        var app = await StartAppAsync(TimeSpan.FromSeconds(60));
        var (browser, _) = await StartSessionAsync(app);

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => NewTab(app, browser).PostAsync($"/note/{i:D3}")));

        Assert.Empty(_errors);
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        var expected = Enumerable.Range(0, Requests).Select(i => i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Append("start").Order(StringComparer.Ordinal);
        Assert.Equal(expected, (await browser.GetStringAsync("/notes")).Split(',')); // every change, one after another
        Assert.Equal(0, await server.CountAsync($"SELECT count(*) FROM \"{_prefix}leases\"")); // each released at its request's end
    }

    [Fact]
    public async Task Another_model_of_the_session_is_not_held_up_by_a_request_holding_the_exclusive_one()
    {
        var app = await StartAppAsync(TimeSpan.FromSeconds(60));
        var (browser, _) = await StartSessionAsync(app);

        var holding = NewTab(app, browser).PostAsync("/gated/note/held");
        await _gateEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var waiting = NewTab(app, browser).PostAsync("/note/waited"); // the same model: waits for the lease

        var other = NewTab(app, browser).GetAsync("/count");
        var finished = await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(5))) == other;
        Assert.True(finished, "A request for another model waited for the exclusive model's lease.");
        Assert.Equal(HttpStatusCode.OK, (await other).StatusCode);
        Assert.False(holding.IsCompleted);
        Assert.False(waiting.IsCompleted); // the lease is really held: the same model's request still waits

        _gate.SetResult();
        Assert.All(await Task.WhenAll(holding, waiting), r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        Assert.Empty(_errors);
        Assert.Equal("held,start,waited", await browser.GetStringAsync("/notes"));
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task A_lease_left_by_a_process_that_died_holds_a_request_up_no_longer_than_the_lease()
    {
        var app = await StartAppAsync(TimeSpan.FromSeconds(60));
        var (browser, key) = await StartSessionAsync(app);
        var lease = TimeSpan.FromSeconds(2);
        Assert.True(await Leases(app).TryAcquireLeaseAsync(key, Section, "dead-process", lease, default)); // never released

        var waited = Stopwatch.StartNew();
        using (var response = await browser.PostAsync("/note/after"))
        {
            waited.Stop();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.InRange(waited.Elapsed, lease - TimeSpan.FromMilliseconds(500), lease + TimeSpan.FromSeconds(3));
        Assert.Empty(_errors);
        Assert.Equal("after,start", await browser.GetStringAsync("/notes"));
    }

    [Fact]
    public async Task A_request_that_waits_longer_than_the_wait_timeout_fails_and_saves_nothing()
    {
        var app = await StartAppAsync(TimeSpan.FromMilliseconds(300));
        var (browser, key) = await StartSessionAsync(app);
        Assert.True(await Leases(app).TryAcquireLeaseAsync(key, Section, "another-request", TimeSpan.FromMinutes(1), default));

        var waited = Stopwatch.StartNew();
        using (var response = await browser.PostAsync("/count-then-note/lost"))
        {
            waited.Stop();
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        }

        var timeout = Assert.IsType<SessionLeaseTimeoutException>(Assert.Single(_errors));
        Assert.Equal([Section], timeout.Sections);
        Assert.InRange(waited.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));

        await Leases(app).ReleaseLeaseAsync(key, Section, "another-request", default);
        Assert.Equal("start", await browser.GetStringAsync("/notes"));
        Assert.Equal("0", await browser.GetStringAsync("/count/peek")); // the counter changed before the wait is not saved either
    }
}
