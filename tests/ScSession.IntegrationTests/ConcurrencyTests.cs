using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

/// <summary>
/// Parallel requests of one session that change the same model, on the memory store (which keeps section versions):
/// with the default policy every change is either kept or reported as a conflict (409 here), never lost in silence.
/// </summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private const int Requests = 200;

    private readonly ConcurrentBag<ScSessionConflictContext> _conflicts = [];
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(
        app =>
        {
            app.MapGet("/visits", (CounterSession counter) => string.Join(',', counter.Visits));
            app.MapPost("/visits/{visit}", async (string visit, CounterSession counter) =>
            {
                await Task.Delay(1); // real work in between: the parallel requests all read before any of them saves
                counter.Visits.Add(visit);
                return Results.NoContent();
            });
            app.MapGet("/log", (HttpContext context) => context.Session.GetString("log") ?? "");
            app.MapPost("/log/{entry}", async (string entry, HttpContext context) =>
            {
                await context.Session.LoadAsync();
                var log = context.Session.GetString("log");
                await Task.Delay(1);
                context.Session.SetString("log", log is null ? entry : log + "," + entry);
                return Results.NoContent();
            });
            app.MapPost("/flash/{message}", async (string message, HttpContext context) =>
            {
                var flash = context.Flash();
                _ = flash.Peek(); // read, then change after others have read too
                await Task.Delay(1);
                flash.Add("info", message);
            });
            app.MapGet("/flash", (HttpContext context) => string.Join(',', context.Flash().Take().Select(m => m.Message)));
            app.MapPost("/theme/{theme}", async (string theme, ThemeSession session) =>
            {
                await Task.Delay(1); // overlapping like the visits: an optimistic theme would conflict here
                session.Theme = theme;
                return Results.NoContent();
            });
        },
        configure: options => options.Events.OnConflict = context =>
        {
            _conflicts.Add(context);
            return Task.CompletedTask;
        },
        services: services =>
        {
            services.AddScSession().AddMemoryStore();
            services.AddProblemDetails();
        },
        // The documented answer: a conflict is a 409 problem response the client can retry; anything else a 500.
        beforeSession: app => app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is SessionConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status500InternalServerError,
        }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Parallel_changes_to_one_optimistic_model_are_each_kept_or_reported_never_lost()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => Tab(browser).PostAsync($"/visits/{i}")));

        var kept = (await browser.GetStringAsync("/visits")).Split(',').Skip(1).ToHashSet();
        var saved = responses.Select((r, i) => (r.StatusCode, Visit: i.ToString())).Where(r => r.StatusCode == HttpStatusCode.NoContent).Select(r => r.Visit).ToList();
        var refused = responses.Count(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal(Requests, saved.Count + refused); // nothing else: no 500, no silent 204
        Assert.Equal(saved.Count, kept.Count);
        Assert.Superset(saved.ToHashSet(), kept);
        Assert.Subset(kept, saved.ToHashSet()); // every change answered 204 is in the cart, and only those
        Assert.Equal(refused, _conflicts.Count);
        Assert.All(_conflicts, c => Assert.Equal(["CounterSession"], c.Sections));
        Assert.True(refused > 0, "200 parallel changes of one model on one session should have collided at least once");
    }

    [Fact]
    public async Task A_conflict_is_answered_with_a_problem_response_the_client_can_retry()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();

        HttpResponseMessage? conflict = null;
        for (var attempt = 0; attempt < 20 && conflict is null; attempt++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Tab(browser).PostAsync($"/visits/{attempt}-{i}")));
            conflict = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.Conflict);
        }

        Assert.NotNull(conflict);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        var retried = await Tab(browser).PostAsync("/visits/retried");
        Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
        Assert.Contains("retried", (await browser.GetStringAsync("/visits")).Split(','));
    }

    [Fact]
    public async Task A_last_write_wins_model_never_conflicts_and_is_not_held_up_by_another_models_conflicts()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i =>
            Tab(browser).PostAsync(i % 2 == 0 ? $"/theme/t{i}" : $"/visits/{i}")));

        Assert.All(responses.Where((_, i) => i % 2 == 0), r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.All(_conflicts, c => Assert.Equal(["CounterSession"], c.Sections));
        Assert.True(_conflicts.Count > 0, "the requests should have overlapped: the optimistic model beside it collided");
    }

    [Fact]
    public async Task HttpContext_Session_follows_the_default_policy_too()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/log/start")).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => Tab(browser).PostAsync($"/log/{i}")));

        var kept = (await browser.GetStringAsync("/log")).Split(',').Skip(1).ToHashSet();
        var saved = responses.Select((r, i) => (r.StatusCode, Entry: i.ToString())).Where(r => r.StatusCode == HttpStatusCode.NoContent).Select(r => r.Entry).ToHashSet();
        var refused = responses.Count(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal(Requests, saved.Count + refused);
        Assert.Equal(saved, kept);
        Assert.All(_conflicts, c => Assert.Equal(["$session"], c.Sections));
        Assert.True(refused > 0, "200 parallel read-modify-writes of one key should have collided at least once");
    }

    [Fact]
    public async Task Flash_messages_follow_the_default_policy_too()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/flash/start")).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => Tab(browser).PostAsync($"/flash/{i}")));

        var kept = (await browser.GetStringAsync("/flash")).Split(',').Skip(1).ToHashSet();
        var saved = responses.Select((r, i) => (r.StatusCode, Message: i.ToString())).Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.Message).ToHashSet();
        var refused = responses.Count(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal(Requests, saved.Count + refused);
        Assert.Equal(saved, kept); // every message answered 200 is there, and only those
        Assert.All(_conflicts, c => Assert.Equal(["$flash"], c.Sections));
        Assert.True(refused > 0, "200 parallel flash messages should have collided at least once");
    }

    /// <summary>Another tab of the same browser: same session cookie, its own request.</summary>
    private static SessionBrowser Tab(SessionBrowser browser)
    {
        var tab = new SessionBrowser(browser.Client);
        tab.Cookies[".scs"] = browser.Cookies[".scs"];
        return tab;
    }
}
