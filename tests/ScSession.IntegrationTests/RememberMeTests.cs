using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

/// <summary>
/// "Remember me" (<c>context.SetSessionPersistent</c>): the cookie's Expires/Max-Age, and the session's own windows
/// enforced by the server on load, on the cookie store, the memory store and the IDistributedCache store.
/// </summary>
public sealed class RememberMeTests
{
    private static readonly TimeSpan s_idle = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan s_absolute = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_rememberedIdle = TimeSpan.FromDays(7);
    private static readonly TimeSpan s_rememberedAbsolute = TimeSpan.FromDays(30);

    private static Task<SessionTestHost> StartAsync(string store, bool rememberedWindows = true) => SessionTestHost.StartAsync(
        app =>
        {
            Endpoints.Map(app);
            app.MapPost("/remember/{persistent:bool}", (bool persistent, HttpContext context, CounterSession counter) =>
            {
                counter.Count++;
                context.SetSessionPersistent(persistent);
                return Results.NoContent();
            });
            app.MapPost("/remember/only/{persistent:bool}", (bool persistent, HttpContext context) =>
            {
                context.SetSessionPersistent(persistent);
                return Results.NoContent();
            });
            app.MapGet("/remember", async (HttpContext context) => (await context.GetSessionPersistentAsync())?.ToString() ?? "unmarked");
        },
        o =>
        {
            o.IdleTimeout = s_idle;
            o.AbsoluteTimeout = s_absolute;
            if (rememberedWindows)
            {
                o.RememberedIdleTimeout = s_rememberedIdle;
                o.RememberedAbsoluteTimeout = s_rememberedAbsolute;
            }
        },
        services: s => AddStore(s, store));

    private static void AddStore(IServiceCollection services, string store)
    {
        if (store == "memory")
        {
            services.AddScSession().AddMemoryStore();
        }
        else if (store == "distributed")
        {
            services.AddDistributedMemoryCache();
            services.AddScSession().AddDistributedCacheStore();
        }
    }

    /// <summary>
    /// How an expired session is refused: the cookie store and the distributed memory cache (whose entries expire on the
    /// real clock, not the test's) by the load check; the memory store has already dropped it.
    /// </summary>
    private static SessionRejectionReason Expired(string store, SessionRejectionReason byCheck)
        => store == "memory" ? SessionRejectionReason.NotFound : byCheck;

    private static string SessionCookie(SessionBrowser browser)
        => browser.SetCookieFor(".scs") ?? throw new Xunit.Sdk.XunitException("No session cookie in: " + string.Join(" | ", browser.LastSetCookies));

    private static bool IsPersistent(string header)
        => header.Contains("expires=", StringComparison.OrdinalIgnoreCase) && header.Contains("max-age=", StringComparison.OrdinalIgnoreCase);

    private static bool IsBrowserSession(string header)
        => !header.Contains("expires=", StringComparison.OrdinalIgnoreCase) && !header.Contains("max-age=", StringComparison.OrdinalIgnoreCase);

    [Theory]
    [InlineData("cookie")]
    [InlineData("memory")]
    [InlineData("distributed")]
    public async Task Not_remembered_gets_a_browser_session_cookie_that_stays_one_across_renewal(string store)
    {
        await using var host = await StartAsync(store);
        var browser = host.NewBrowser();

        await browser.PostAsync("/remember/false");
        Assert.True(IsBrowserSession(SessionCookie(browser)), SessionCookie(browser));

        await browser.PostAsync("/renew");
        Assert.True(IsBrowserSession(SessionCookie(browser)), SessionCookie(browser));
        Assert.Equal("False", await browser.GetStringAsync("/remember"));
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("memory")]
    [InlineData("distributed")]
    public async Task Remembered_gets_a_persistent_cookie_with_the_remembered_window_across_renewal(string store)
    {
        await using var host = await StartAsync(store);
        var browser = host.NewBrowser();

        await browser.PostAsync("/remember/true");
        var header = SessionCookie(browser);
        Assert.True(IsPersistent(header), header);
        Assert.Contains("max-age=604800", header, StringComparison.OrdinalIgnoreCase); // 7 days, not 20 minutes

        host.Time.Advance(TimeSpan.FromMinutes(5));
        await browser.PostAsync("/renew");
        header = SessionCookie(browser);
        Assert.True(IsPersistent(header), header);
        Assert.Contains("max-age=604800", header, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("True", await browser.GetStringAsync("/remember"));
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("memory")]
    [InlineData("distributed")]
    public async Task Unmarked_session_keeps_the_default_persistent_cookie_with_the_normal_window(string store)
    {
        await using var host = await StartAsync(store);
        var browser = host.NewBrowser();

        await browser.GetStringAsync("/count");
        var header = SessionCookie(browser);
        Assert.Contains("max-age=1200", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", header, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("unmarked", await browser.GetStringAsync("/remember"));
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("memory")]
    [InlineData("distributed")]
    public async Task Remembered_idle_window_is_enforced_on_load(string store)
    {
        await using var host = await StartAsync(store);
        var browser = host.NewBrowser();
        await browser.PostAsync("/remember/true");

        // Two hours idle: past both normal windows, inside the remembered ones.
        host.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
        Assert.Empty(host.Events.Rejected);

        var stale = browser.Cookies[".scs"];
        host.Time.Advance(s_rememberedIdle + TimeSpan.FromSeconds(1));
        browser.Cookies[".scs"] = stale; // a client that keeps the cookie past its Max-Age gains nothing
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        var rejected = Assert.Single(host.Events.Rejected);
        Assert.Equal(Expired(store, SessionRejectionReason.ExpiredIdle), rejected.Reason);
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("memory")]
    [InlineData("distributed")]
    public async Task Remembered_absolute_window_is_enforced_on_load(string store)
    {
        await using var host = await StartAsync(store);
        var browser = host.NewBrowser();
        await browser.PostAsync("/remember/true");

        // Used every six days: the idle window keeps sliding, the absolute one does not.
        for (var day = 6; day < 30; day += 6)
        {
            host.Time.Advance(TimeSpan.FromDays(6));
            Assert.Equal(((day / 6) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await browser.GetStringAsync("/count"));
        }

        var header = SessionCookie(browser);
        Assert.Contains("max-age=518400", header, StringComparison.OrdinalIgnoreCase); // 30 − 24 days left: the absolute end comes first
        Assert.Empty(host.Events.Rejected);

        host.Time.Advance(TimeSpan.FromDays(6) + TimeSpan.FromSeconds(1));
        Assert.Equal("1", await browser.GetStringAsync("/count"));
        var rejected = Assert.Single(host.Events.Rejected);
        Assert.Equal(Expired(store, SessionRejectionReason.ExpiredAbsolute), rejected.Reason);
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("memory")]
    [InlineData("distributed")]
    public async Task Not_remembered_keeps_the_normal_windows_even_when_the_client_keeps_its_cookie(string store)
    {
        await using var host = await StartAsync(store);
        var browser = host.NewBrowser();
        await browser.PostAsync("/remember/false");

        // The browser-session cookie outlives the window here (a browser that restores sessions): the server refuses it.
        host.Time.Advance(s_idle + TimeSpan.FromSeconds(1));
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        var rejected = Assert.Single(host.Events.Rejected);
        Assert.Equal(Expired(store, SessionRejectionReason.ExpiredIdle), rejected.Reason);
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("memory")]
    [InlineData("distributed")]
    public async Task Switching_from_remembered_to_not_remembered_mid_session_shrinks_cookie_and_windows(string store)
    {
        await using var host = await StartAsync(store);
        var browser = host.NewBrowser();
        await browser.PostAsync("/remember/true");
        Assert.True(IsPersistent(SessionCookie(browser)));

        host.Time.Advance(TimeSpan.FromMinutes(10));
        await browser.PostAsync("/remember/only/false"); // changes nothing else: the cookie is re-issued for the flag alone
        Assert.True(IsBrowserSession(SessionCookie(browser)), SessionCookie(browser));
        Assert.Equal("False", await browser.GetStringAsync("/remember"));

        // Inside the remembered idle window, past the normal one: the session now ends.
        host.Time.Advance(s_idle + TimeSpan.FromSeconds(1));
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        Assert.Single(host.Events.Rejected);
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("memory")]
    [InlineData("distributed")]
    public async Task Switching_back_to_remembered_restores_the_persistent_cookie(string store)
    {
        await using var host = await StartAsync(store);
        var browser = host.NewBrowser();
        await browser.PostAsync("/remember/false");
        await browser.PostAsync("/remember/only/true");
        var header = SessionCookie(browser);
        Assert.Contains("max-age=604800", header, StringComparison.OrdinalIgnoreCase);

        host.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
        Assert.Empty(host.Events.Rejected);
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("memory")]
    [InlineData("distributed")]
    public async Task Switching_to_not_remembered_past_the_normal_windows_ends_the_session(string store)
    {
        await using var host = await StartAsync(store);
        var browser = host.NewBrowser();
        await browser.PostAsync("/remember/true");

        host.Time.Advance(TimeSpan.FromHours(2)); // older than the normal absolute window (1 hour)
        await browser.PostAsync("/remember/only/false");

        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        Assert.Single(host.Events.Rejected);
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("memory")]
    [InlineData("distributed")]
    public async Task Without_remembered_windows_remember_me_only_changes_the_cookie(string store)
    {
        await using var host = await StartAsync(store, rememberedWindows: false);
        var browser = host.NewBrowser();
        await browser.PostAsync("/remember/true");
        Assert.Contains("max-age=1200", SessionCookie(browser), StringComparison.OrdinalIgnoreCase);

        host.Time.Advance(s_idle + TimeSpan.FromSeconds(1));
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        Assert.Single(host.Events.Rejected);
    }

    [Fact]
    public async Task Sign_out_ends_the_remembered_session_and_the_next_one_is_unmarked()
    {
        await using var host = await StartAsync("memory");
        var browser = host.NewBrowser();
        await browser.PostAsync("/remember/true");
        await browser.PostAsync("/logout");

        await browser.GetStringAsync("/count");
        Assert.Contains("max-age=1200", SessionCookie(browser), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("unmarked", await browser.GetStringAsync("/remember"));
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("memory")]
    public async Task Flag_set_before_an_authentication_sign_in_survives_its_renewal_and_ends_with_sign_out(string store)
    {
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                app.UseAuthentication();
                Endpoints.Map(app);
                app.MapPost("/signin/{name}/{remember:bool}", async (string name, bool remember, HttpContext context) =>
                {
                    context.SetSessionPersistent(remember); // before the sign-in's renewal: the flag moves with the session
                    await context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme)));
                    return Results.NoContent();
                });
                app.MapPost("/signout", async (HttpContext context) =>
                {
                    await context.SignOutAsync();
                    return Results.NoContent();
                });
                app.MapGet("/remember", async (HttpContext context) => (await context.GetSessionPersistentAsync())?.ToString() ?? "unmarked");
            },
            o =>
            {
                o.IdleTimeout = s_idle;
                o.AbsoluteTimeout = s_absolute;
                o.RememberedIdleTimeout = s_rememberedIdle;
                o.RememberedAbsoluteTimeout = s_rememberedAbsolute;
            },
            services: s =>
            {
                AddStore(s, store);
                s.AddScSession().RenewOnSignInDestroyOnSignOut();
                s.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
            });
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");

        (await browser.PostAsync("/signin/ada/true")).EnsureSuccessStatusCode();
        Assert.Single(host.Events.Renewed);
        Assert.Contains("max-age=604800", SessionCookie(browser), StringComparison.OrdinalIgnoreCase);

        host.Time.Advance(TimeSpan.FromHours(2)); // past the normal windows: the remembered ones hold
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
        Assert.Equal("True", await browser.GetStringAsync("/remember"));

        (await browser.PostAsync("/signout")).EnsureSuccessStatusCode();
        await browser.GetStringAsync("/count");
        Assert.Contains("max-age=1200", SessionCookie(browser), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("unmarked", await browser.GetStringAsync("/remember"));
        Assert.Empty(host.Events.Rejected);
    }
}
