using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.IntegrationTests;

public sealed class OversizeController : Controller
{
    [HttpGet("/errors/mvc-action")]
    public IActionResult Oversize([FromSession] BlobSession blob)
    {
        blob.Data = new string('x', 40_000);
        return Content("saved?");
    }
}

/// <summary>
/// A save that fails — a session too large for its cookie, a store that is down — throws where the application's own
/// exception handling sees it: <c>UseExceptionHandler</c> renders the app's error page for minimal APIs, MVC actions and
/// Razor pages, and the failure is logged once.
/// </summary>
public sealed class ErrorHandlingTests
{
    private static Task<SessionTestHost> StartAsync(ListLoggerProvider logs, Action<IServiceCollection>? services = null) => SessionTestHost.StartAsync(
        app =>
        {
            app.MapRazorPages();
            app.MapControllers();
            Endpoints.Map(app);
            app.MapGet("/errors/minimal", (BlobSession blob) =>
            {
                blob.Data = new string('x', 40_000);
                return Results.Ok(new { saved = true });
            });
            app.MapGet("/errors/minimal-no-body", (BlobSession blob) =>
            {
                blob.Data = new string('x', 40_000);
                return Results.NoContent();
            });
            app.MapGet("/errors/stream", async (HttpContext context, BlobSession blob) =>
            {
                blob.Data = new string('x', 40_000);
                await context.Response.Body.WriteAsync("saved?"u8.ToArray());
            });
        },
        services: s =>
        {
            s.AddLogging(b => b.AddProvider(logs));
            s.AddRazorPages().AddApplicationPart(typeof(ErrorHandlingTests).Assembly);
            s.AddControllers().AddApplicationPart(typeof(ErrorHandlingTests).Assembly);
            services?.Invoke(s);
        },
        beforeSession: app => app.UseExceptionHandler("/error"));

    [Theory]
    [InlineData("/errors/minimal")]
    [InlineData("/errors/minimal-no-body")]
    [InlineData("/errors/stream")]
    [InlineData("/errors/mvc-action")]
    [InlineData("/errors/razor-page")]
    public async Task A_session_too_large_for_its_cookie_renders_the_apps_error_page_and_is_logged_once(string path)
    {
        var logs = new ListLoggerProvider();
        await using var host = await StartAsync(logs);
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        var before = new Dictionary<string, string>(browser.Cookies);

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("The app's own error page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var logged = Assert.Single(logs.WithException<SessionTooLargeException>());
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal(before, browser.Cookies); // nothing half-written: the session before the request is intact
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task A_store_that_fails_at_save_renders_the_apps_error_page_and_is_logged_once()
    {
        var logs = new ListLoggerProvider();
        var store = new SwitchableStore();
        await using var host = await StartAsync(logs, s => s.AddScSession().AddStore(_ => store));
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        store.FailSaves = true;

        using var response = await browser.GetAsync("/count");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("The app's own error page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var logged = Assert.Single(logs.WithException<SessionStoreException>());
        Assert.Equal("Session store SwitchableStore: could not save a session: the store is down", logged.Exception!.Message);
        Assert.IsType<IOException>(logged.Exception.InnerException);
        store.FailSaves = false;
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Theory]
    [InlineData("/errors/minimal")]
    [InlineData("/errors/razor-page")]
    public async Task An_exception_handler_inside_UseScSession_renders_its_page_too(string path)
    {
        var logs = new ListLoggerProvider();
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                app.UseExceptionHandler("/error"); // after UseScSession(): the error page is written through the session's response
                app.MapRazorPages();
                Endpoints.Map(app);
                app.MapGet("/errors/minimal", (BlobSession blob) =>
                {
                    blob.Data = new string('x', 40_000);
                    return Results.Ok(new { saved = true });
                });
            },
            services: s =>
            {
                s.AddLogging(b => b.AddProvider(logs));
                s.AddRazorPages().AddApplicationPart(typeof(ErrorHandlingTests).Assembly);
            });
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("The app's own error page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(logs.WithException<SessionTooLargeException>());
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task A_failed_request_handled_by_an_exception_handler_inside_UseScSession_saves_nothing()
    {
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                app.UseExceptionHandler("/error");
                app.MapRazorPages();
                Endpoints.Map(app); // /fail sets the count to 1000, then throws
            },
            services: s => s.AddRazorPages().AddApplicationPart(typeof(ErrorHandlingTests).Assembly));
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");

        using var response = await browser.GetAsync("/fail");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task A_failed_save_swallowed_by_the_endpoint_is_still_logged_once()
    {
        var logs = new ListLoggerProvider();
        await using var host = await SessionTestHost.StartAsync(
            app => app.MapGet("/swallow", async (HttpContext context, BlobSession blob) =>
            {
                blob.Data = new string('x', 40_000);
                try
                {
                    await context.Response.WriteAsync("first");
                }
                catch (SessionTooLargeException)
                {
                    // a careless endpoint
                }

                await context.Response.WriteAsync("second");
            }),
            services: s => s.AddLogging(b => b.AddProvider(logs)));

        Assert.Equal("second", await host.NewBrowser().GetStringAsync("/swallow"));

        var logged = Assert.Single(logs.WithException<SessionTooLargeException>());
        Assert.Equal("SaveFailedAndSwallowed", logged.EventId.Name);
    }

    /// <summary>The memory store, whose saves can be made to fail.</summary>
    private sealed class SwitchableStore : ISessionStore
    {
        private readonly MemorySessionStore _inner = new(TimeProvider.System, new MemorySessionStoreOptions());

        public bool FailSaves { get; set; }

        public ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken) => _inner.LoadAsync(key, cancellationToken);

        public ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken)
            => FailSaves ? throw new IOException("the store is down") : _inner.SaveAsync(key, write, cancellationToken);

        public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken) => _inner.RenewAsync(oldKey, newKey, write, cancellationToken);

        public ValueTask DeleteAsync(string key, CancellationToken cancellationToken) => _inner.DeleteAsync(key, cancellationToken);

        public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken) => _inner.TouchAsync(key, lastSeenAt, timeToLive, cancellationToken);
    }
}

/// <summary>A renewal the store refused leaves the session as it was, and this request saves nothing more.</summary>
public sealed class FailedRenewalTests
{
    [Fact]
    public async Task A_failed_renewal_caught_by_the_app_keeps_the_old_session_and_sends_no_new_cookie()
    {
        var store = new RefusingRenewStore();
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                Endpoints.Map(app);
                app.MapPost("/renew-carelessly", async (HttpContext context, CounterSession counter) =>
                {
                    counter.Count = 50;
                    try
                    {
                        await context.RenewSessionAsync();
                    }
                    catch (SessionStoreException)
                    {
                        // the app goes on
                    }

                    return Results.NoContent();
                });
            },
            services: s => s.AddScSession().AddStore(_ => store));
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        var before = browser.Cookies[".scs"];

        using (var response = await browser.PostAsync("/renew-carelessly"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Null(browser.SetCookieFor(".scs"));
        }

        Assert.Equal(before, browser.Cookies[".scs"]);
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task After_a_failed_renewal_the_request_cannot_destroy_the_session_it_no_longer_saves()
    {
        var store = new RefusingRenewStore();
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                Endpoints.Map(app);
                app.MapPost("/renew-then-destroy", async (HttpContext context) =>
                {
                    try
                    {
                        await context.RenewSessionAsync();
                    }
                    catch (SessionStoreException)
                    {
                    }

                    try
                    {
                        await context.DestroySessionAsync();
                        return Results.Text("destroyed");
                    }
                    catch (InvalidOperationException ex)
                    {
                        return Results.Text(ex.Message);
                    }
                });
            },
            services: s => s.AddScSession().AddStore(_ => store));
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");

        using var response = await browser.PostAsync("/renew-then-destroy");
        var answer = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("Cannot destroy the session of a request that failed", answer);
        Assert.Equal("1", await browser.GetStringAsync("/count/peek")); // the stored session was neither deleted nor moved
    }

    private sealed class RefusingRenewStore : ISessionStore
    {
        private readonly MemorySessionStore _inner = new(TimeProvider.System, new MemorySessionStoreOptions());

        public ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken) => _inner.LoadAsync(key, cancellationToken);

        public ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken) => _inner.SaveAsync(key, write, cancellationToken);

        public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken) => throw new IOException("renew refused");

        public ValueTask DeleteAsync(string key, CancellationToken cancellationToken) => _inner.DeleteAsync(key, cancellationToken);

        public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken) => _inner.TouchAsync(key, lastSeenAt, timeToLive, cancellationToken);
    }
}
