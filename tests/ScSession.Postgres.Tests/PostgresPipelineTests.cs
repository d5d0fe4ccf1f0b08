using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ScSession.Postgres.Tests;

[SessionModel]
public partial class CounterSession
{
    public partial int Count { get; set; }
}

[SessionModel]
public partial class NoteSession
{
    public partial List<string> Notes { get; set; }
}

/// <summary>A real ASP.NET Core pipeline (TestServer) with <c>AddScSession().AddPostgresStore(connectionString)</c>.</summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class PostgresPipelineTests(PostgresServerFixture server) : IAsyncLifetime
{
    private readonly string _prefix = "p" + Guid.NewGuid().ToString("N")[..10] + "_";
    private readonly List<Exception> _errors = [];
    private readonly object _gateLock = new();
    private TaskCompletionSource _allLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _loaded;
    private int _expected = int.MaxValue;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero)));
        builder.Services.AddScSession(o => o.SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddPostgresStore(server.ConnectionString, o => o.TablePrefix = _prefix);

        _app = builder.Build();
        _app.Use(async (context, next) =>
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

                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        });
        _app.UseScSession();
        _app.MapGet("/count", (CounterSession counter) => ++counter.Count);
        _app.MapGet("/count/peek", (CounterSession counter) => counter.Count);
        _app.MapPost("/note/{text}", (string text, NoteSession notes) => notes.Notes.Add(text));
        _app.MapGet("/notes", (NoteSession notes) => string.Join(",", notes.Notes.Order(StringComparer.Ordinal)));
        _app.MapGet("/gated/count", async (CounterSession counter) =>
        {
            var value = ++counter.Count;
            await AllLoadedAsync();
            return value;
        });
        _app.MapPost("/gated/note/{text}", async (string text, NoteSession notes) =>
        {
            notes.Notes.Add(text);
            await AllLoadedAsync();
        });
        _app.MapPost("/renew", async (HttpContext context) =>
        {
            await context.RenewSessionAsync();
            return Results.NoContent();
        });
        _app.MapPost("/logout", async (HttpContext context) =>
        {
            await context.DestroySessionAsync();
            return Results.NoContent();
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Holds each gated request until all of them have loaded the session, so their saves overlap.</summary>
    private Task AllLoadedAsync()
    {
        lock (_gateLock)
        {
            if (++_loaded == _expected)
            {
                _allLoaded.TrySetResult();
            }

            return _allLoaded.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    private void ExpectGatedRequests(int count)
    {
        lock (_gateLock)
        {
            (_loaded, _expected) = (0, count);
            _allLoaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private SessionBrowser NewBrowser() => new(_app.GetTestClient());

    private Task<long> SessionRowsAsync() => server.CountAsync($"SELECT count(*) FROM \"{_prefix}sessions\"");

    private Task<long> SectionRowsAsync() => server.CountAsync($"SELECT count(*) FROM \"{_prefix}sections\"");

    [Fact]
    public async Task Counter_persists_in_the_database_and_the_cookie_holds_only_an_id()
    {
        var browser = NewBrowser();

        Assert.Equal("1", await browser.GetStringAsync("/count"));
        Assert.Equal("2", await browser.GetStringAsync("/count"));
        Assert.Equal("3", await browser.GetStringAsync("/count"));

        Assert.Equal(43, browser.Cookies[".scs"].Length); // base64url of the 256-bit ID
        Assert.Equal(1, await SessionRowsAsync());
        Assert.Equal("0", await NewBrowser().GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Renew_moves_the_session_and_the_old_cookie_is_dead()
    {
        var browser = NewBrowser();
        await browser.GetStringAsync("/count");
        await browser.GetStringAsync("/count");
        var oldCookie = browser.Cookies[".scs"];

        using (var renew = await browser.PostAsync("/renew"))
        {
            Assert.Equal(HttpStatusCode.NoContent, renew.StatusCode);
        }

        Assert.NotEqual(oldCookie, browser.Cookies[".scs"]);
        Assert.Equal("3", await browser.GetStringAsync("/count"));
        Assert.Equal(1, await SessionRowsAsync());

        var thief = NewBrowser();
        thief.Cookies[".scs"] = oldCookie;
        Assert.Equal("0", await thief.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Destroy_deletes_the_rows()
    {
        var browser = NewBrowser();
        await browser.GetStringAsync("/count");
        await browser.PostAsync("/note/a");
        Assert.Equal(1, await SessionRowsAsync());
        Assert.Equal(2, await SectionRowsAsync());

        using (var logout = await browser.PostAsync("/logout"))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        Assert.Equal(0, await SessionRowsAsync());
        Assert.Equal(0, await SectionRowsAsync());
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Concurrent_requests_changing_different_models_both_persist()
    {
        for (var round = 0; round < 10; round++)
        {
            var browser = NewBrowser();
            await browser.GetStringAsync("/count");
            var cookie = browser.Cookies[".scs"];
            ExpectGatedRequests(2);

            // Both requests have read the session before either saves: a whole-session write would lose one change.
            var counter = NewBrowser();
            var notes = NewBrowser();
            counter.Cookies[".scs"] = notes.Cookies[".scs"] = cookie;
            var responses = await Task.WhenAll(counter.GetAsync("/gated/count"), notes.PostAsync($"/gated/note/r{round}"));
            Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));

            Assert.Equal("2", await browser.GetStringAsync("/count/peek"));
            Assert.Equal($"r{round}", await browser.GetStringAsync("/notes"));
        }

        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Parallel_changes_to_one_model_are_each_kept_or_a_conflict_never_lost()
    {
        const int Requests = 200;
        var browser = NewBrowser();
        (await browser.PostAsync("/note/start")).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i =>
        {
            var tab = NewBrowser(); // another tab: same session, its own request
            tab.Cookies[".scs"] = browser.Cookies[".scs"];
            return tab.PostAsync($"/note/{i:D3}");
        }));

        var saved = responses.Select((r, i) => (r.IsSuccessStatusCode, Note: i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)))
            .Where(r => r.IsSuccessStatusCode).Select(r => r.Note).ToList();
        Assert.Equal(Requests - saved.Count, _errors.Count);
        Assert.All(_errors, e => Assert.Equal(["NoteSession"], Assert.IsType<SessionConflictException>(e).Sections));
        Assert.Equal(saved.Append("start").Order(StringComparer.Ordinal), (await browser.GetStringAsync("/notes")).Split(',')); // every kept change, nothing else
        Assert.NotEmpty(_errors); // 200 parallel changes of one model collide at least once
    }

    [Fact]
    public async Task Store_down_fails_the_request_with_a_store_exception_and_recovers_when_it_is_back()
    {
        var browser = NewBrowser();
        Assert.Equal("1", await browser.GetStringAsync("/count"));

        await server.StopAsync();
        try
        {
            using var failed = await browser.GetAsync("/count");
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            var error = Assert.IsType<SessionStoreException>(Assert.Single(_errors));
            // Wrapped once, by ScSession: the store and the operation in the message, Npgsql's own error inside.
            Assert.StartsWith("Session store PostgresSessionStore: could not load a session: ", error.Message, StringComparison.Ordinal);
            var inner = Assert.IsAssignableFrom<Npgsql.NpgsqlException>(error.InnerException);
            Assert.EndsWith(inner.Message, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await server.StartAsync();
        }

        // Nothing was lost and nothing half-written: the session continues where it was.
        Assert.Equal("2", await browser.GetStringAsync("/count"));
    }
}
