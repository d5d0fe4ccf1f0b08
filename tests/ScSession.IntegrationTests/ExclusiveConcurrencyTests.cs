using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.IntegrationTests;

/// <summary>
/// <see cref="SessionConcurrency.Exclusive"/> on the memory store, over HTTP: parallel requests of one session that
/// change the same model take turns (every change kept, none refused), other models are never held up, and a lease
/// nobody releases holds the model no longer than its duration. The models get the policy from
/// <see cref="ScSessionOptions.DefaultConcurrency"/>: a model declaring it would fail the cookie-store hosts of this
/// assembly at start-up, as it should.
/// </summary>
public sealed class ExclusiveConcurrencyTests : IAsyncLifetime
{
    private const int Requests = 200;

    private readonly ConcurrentBag<ScSessionConflictContext> _conflicts = [];
    private readonly ListLoggerProvider _logs = new();
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SessionTestHost _host = null!;

    public Task InitializeAsync() => StartAsync(TimeSpan.FromSeconds(60));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task StartAsync(TimeSpan waitTimeout)
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _host = await SessionTestHost.StartAsync(
            app =>
            {
                app.MapGet("/visits", (CounterSession counter) => string.Join(',', counter.Visits));
                app.MapPost("/visits/{visit}", async (string visit, CounterSession counter) =>
                {
                    await Task.Delay(1); // real work while holding the model: an optimistic model would conflict here
                    counter.Visits.Add(visit);
                    return Results.NoContent();
                });
                app.MapPost("/held/{visit}", async (string visit, CounterSession counter) =>
                {
                    counter.Visits.Add(visit);
                    _holding.TrySetResult();
                    await _gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    return Results.NoContent();
                });
                app.MapPost("/fail", (CounterSession counter) =>
                {
                    counter.Visits.Add("never-saved");
                    throw new InvalidOperationException("the endpoint failed");
                });
                app.MapPost("/theme/{theme}", (string theme, ThemeSession session) => session.Theme = theme);
                app.MapGet("/theme", (ThemeSession session) => session.Theme ?? "");
                app.MapGet("/id", (HttpContext context) => context.Session.Id);
                app.MapPost("/log/{entry}", async (string entry, HttpContext context) =>
                {
                    await context.Session.LoadAsync(); // waits for the $session lease; synchronous uses would not wait
                    var log = context.Session.GetString("log");
                    context.Session.SetString("log", log is null ? entry : log + "," + entry);
                });
                app.MapGet("/log", (HttpContext context) => context.Session.GetString("log") ?? "");
                app.MapPost("/flash/{message}", async (string message, HttpContext context) =>
                {
                    await context.Flash().LoadAsync(); // waits for the $flash lease
                    context.Flash().Add("info", message);
                });
                app.MapGet("/flash", (HttpContext context) => string.Join(',', context.Flash().Take().Select(m => m.Message)));
            },
            configure: options =>
            {
                options.DefaultConcurrency = SessionConcurrency.Exclusive;
                options.ExclusiveWaitTimeout = waitTimeout;
                options.Events.OnConflict = context =>
                {
                    _conflicts.Add(context);
                    return Task.CompletedTask;
                };
            },
            services: services =>
            {
                services.AddScSession().AddMemoryStore();
                services.AddProblemDetails();
                services.AddLogging(b => b.AddProvider(_logs));
            },
            beforeSession: app => app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                StatusCodeSelector = exception => exception is SessionConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status500InternalServerError,
            }));
    }

    [Fact]
    public async Task Parallel_changes_to_one_exclusive_model_are_all_kept()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => Tab(browser).PostAsync($"/visits/{i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        var kept = (await browser.GetStringAsync("/visits")).Split(',');
        Assert.Equal(Enumerable.Range(0, Requests).Select(i => i.ToString()).Prepend("start").Order(), kept.Order());
        Assert.Empty(_conflicts);
        Assert.Equal(0, ((MemorySessionStore)_host.App.Services.GetRequiredService<ISessionStore>()).LeaseCount); // every request released its lease
    }

    [Fact]
    public async Task A_request_for_a_held_model_waits_then_reads_what_the_holder_saved()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();

        var holder = Tab(browser).PostAsync("/held/first");
        await _holding.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var waiter = Tab(browser).PostAsync("/visits/second"); // loaded before the holder saves: must read again under the lease
        await Task.Delay(300);
        Assert.False(waiter.IsCompleted, "the second request should wait while the first holds the model");

        _gate.TrySetResult();

        Assert.Equal(HttpStatusCode.NoContent, (await holder).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await waiter).StatusCode);
        Assert.Equal("start,first,second", await browser.GetStringAsync("/visits"));
    }

    [Fact]
    public async Task Another_model_of_the_same_session_is_never_held_up()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();

        var holder = Tab(browser).PostAsync("/held/first");
        await _holding.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var theme = await Tab(browser).PostAsync("/theme/dark").WaitAsync(TimeSpan.FromSeconds(5)); // ThemeSession is last-write-wins

        Assert.Equal(HttpStatusCode.OK, theme.StatusCode);
        Assert.False(holder.IsCompleted);
        _gate.TrySetResult();
        Assert.Equal(HttpStatusCode.NoContent, (await holder).StatusCode);
        Assert.Equal("dark", await browser.GetStringAsync("/theme"));
        Assert.Equal("start,first", await browser.GetStringAsync("/visits"));
    }

    [Fact]
    public async Task A_failed_request_releases_its_lease_at_once()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.InternalServerError, (await Tab(browser).PostAsync("/fail")).StatusCode);
        var next = Stopwatch.StartNew();
        var response = await Tab(browser).PostAsync("/visits/after");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(next.Elapsed < TimeSpan.FromSeconds(5), $"the next request waited {next.Elapsed}: the failed one kept its lease");
        Assert.Equal("start,after", await browser.GetStringAsync("/visits"));
    }

    [Fact]
    public async Task A_lease_nobody_releases_holds_the_model_only_until_it_ends()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();
        var key = await browser.GetStringAsync("/id"); // the public ID is the store key
        var leases = (ISessionLeaseStore)_host.App.Services.GetRequiredService<ISessionStore>();
        Assert.True(await leases.TryAcquireLeaseAsync(key, "CounterSession", "a-process-that-died", TimeSpan.FromMinutes(1), default));

        var waiter = Tab(browser).PostAsync("/visits/after");
        await Task.Delay(300);
        Assert.False(waiter.IsCompleted, "the request should wait while the dead process's lease lasts");
        _host.Time.Advance(TimeSpan.FromMinutes(1)); // the memory store's leases end on its clock

        Assert.Equal(HttpStatusCode.NoContent, (await waiter.WaitAsync(TimeSpan.FromSeconds(5))).StatusCode);
        Assert.Equal("start,after", await browser.GetStringAsync("/visits"));
    }

    [Fact]
    public async Task Waiting_longer_than_the_timeout_fails_loudly_with_a_409_and_saves_nothing()
    {
        await StartAsync(TimeSpan.FromMilliseconds(300));
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();
        var key = await browser.GetStringAsync("/id");
        var leases = (ISessionLeaseStore)_host.App.Services.GetRequiredService<ISessionStore>();
        await leases.TryAcquireLeaseAsync(key, "CounterSession", "another-request", TimeSpan.FromMinutes(1), default);

        var response = await Tab(browser).PostAsync("/visits/late");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["CounterSession"], Assert.Single(_conflicts).Sections);
        var logged = Assert.Single(_logs.Entries, e => e.EventId.Name == "LeaseTimedOut");
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Single(_logs.WithException<SessionLeaseTimeoutException>()); // and the host's exception handler logged the failure once
        await leases.ReleaseLeaseAsync(key, "CounterSession", "another-request", default);
        Assert.Equal("start", await browser.GetStringAsync("/visits"));
    }

    [Fact]
    public async Task HttpContext_Session_and_flash_messages_follow_an_exclusive_default_once_loaded_asynchronously()
    {
        const int Parallel = 40;
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/log/start")).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i =>
            Tab(browser).PostAsync(i % 2 == 0 ? $"/log/{i}" : $"/flash/{i}")));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, $"{r.StatusCode}"));
        Assert.Equal(Enumerable.Range(0, Parallel).Where(i => i % 2 == 0).Select(i => i.ToString()).Prepend("start").Order(), (await browser.GetStringAsync("/log")).Split(',').Order());
        Assert.Equal(Enumerable.Range(0, Parallel).Where(i => i % 2 == 1).Select(i => i.ToString()).Order(), (await browser.GetStringAsync("/flash")).Split(',').Order());
        Assert.Empty(_conflicts);
    }

    /// <summary>Another tab of the same browser: same session cookie, its own request.</summary>
    private static SessionBrowser Tab(SessionBrowser browser)
    {
        var tab = new SessionBrowser(browser.Client);
        tab.Cookies[".scs"] = browser.Cookies[".scs"];
        return tab;
    }
}
