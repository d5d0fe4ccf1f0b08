using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

/// <summary>RenewOnSignInDestroyOnSignOut() (and the obsolete RenewOnSignInAndSignOut()) through real ASP.NET Core cookie authentication.</summary>
public sealed class AuthenticationIntegrationTests
{
    private const string External = "External";

    private enum Policy
    {
        DestroyOnSignOut,
        DestroyKeepingProfile,
        ObsoleteRenewOnSignOut,
    }

    private static Task<SessionTestHost> StartAsync(
        bool memoryStore, bool authenticationFirst = false, Policy policy = Policy.DestroyOnSignOut, Action<ScSessionOptions>? configure = null) => SessionTestHost.StartAsync(
        app =>
        {
            app.UseAuthentication();
            Endpoints.Map(app);
            app.MapPost("/signin/{name}", async (string name, HttpContext context) =>
            {
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme);
                await context.SignInAsync(new ClaimsPrincipal(identity));
                return Results.NoContent();
            });
            app.MapPost("/signout", async (HttpContext context, bool? readProfile) =>
            {
                if (readProfile == true)
                {
                    _ = (await context.GetSessionAsync<ProfileSession>()).Name; // a kept model read before sign-out stays attached
                }

                await context.SignOutAsync();
                return Results.NoContent();
            });
            app.MapGet("/whoami", (HttpContext context) => context.User.Identity?.Name ?? "anonymous");

            // Shaped like ASP.NET Core Identity: an external login signs in to an auxiliary scheme, then signs out of it
            // and into the application scheme; signing out signs out of every scheme.
            app.MapPost("/external-login/{name}", async (string name, HttpContext context) =>
            {
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], External);
                await context.SignInAsync(External, new ClaimsPrincipal(identity));
                await context.SignOutAsync(External);
                await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                return Results.NoContent();
            });
            app.MapPost("/signout-everywhere", async (HttpContext context) =>
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                await context.SignOutAsync(External);
                return Results.NoContent();
            });
            app.MapPost("/signout-of/{scheme}", async (string scheme, HttpContext context) =>
            {
                await context.SignOutAsync(scheme);
                return Results.NoContent();
            });
        },
        configure,
        services: services =>
        {
            // The renewal wrapper must work whichever of the two registrations comes first.
            if (authenticationFirst)
            {
                services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie().AddCookie(External);
            }

            var session = services.AddScSession();
#pragma warning disable CS0618 // the obsolete policy keeps its old behaviour for one release: tested below
            _ = policy switch
            {
                Policy.DestroyOnSignOut => session.RenewOnSignInDestroyOnSignOut(),
                Policy.DestroyKeepingProfile => session.RenewOnSignInDestroyOnSignOut(o => o.Keep<ProfileSession>()),
                _ => session.RenewOnSignInAndSignOut(),
            };
#pragma warning restore CS0618
            if (memoryStore)
            {
                session.AddMemoryStore();
            }

            if (!authenticationFirst)
            {
                services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie().AddCookie(External);
            }
        });

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Signing_in_renews_the_session_and_the_cart_survives(bool memoryStore, bool authenticationFirst)
    {
        await using var host = await StartAsync(memoryStore, authenticationFirst);
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        await browser.GetStringAsync("/count");
        var beforeSignIn = browser.Cookies[".scs"];
        var idBeforeSignIn = host.Events.Saving[^1].SessionId;

        (await browser.PostAsync("/signin/ada")).EnsureSuccessStatusCode();

        Assert.Contains(".AspNetCore.Cookies", browser.Cookies.Keys);
        Assert.Equal("ada", await browser.GetStringAsync("/whoami"));
        Assert.NotEqual(beforeSignIn, browser.Cookies[".scs"]);
        var renewed = Assert.Single(host.Events.Renewed);
        Assert.NotEqual(idBeforeSignIn, renewed.SessionId);
        Assert.Equal("2", await browser.GetStringAsync("/count/peek"));

        if (memoryStore)
        {
            var fixation = host.NewBrowser();
            fixation.Cookies[".scs"] = beforeSignIn;
            Assert.Equal("0", await fixation.GetStringAsync("/count/peek"));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Signing_out_destroys_the_session(bool memoryStore)
    {
        await using var host = await StartAsync(memoryStore);
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        (await browser.PostAsync("/signin/ada")).EnsureSuccessStatusCode();
        var signedIn = browser.Cookies[".scs"];

        (await browser.PostAsync("/signout")).EnsureSuccessStatusCode();

        Assert.Equal("anonymous", await browser.GetStringAsync("/whoami"));
        Assert.False(browser.Cookies.ContainsKey(".scs"), "the session cookie is expired");
        Assert.Single(host.Events.Destroyed);
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        if (memoryStore)
        {
            var replay = host.NewBrowser();
            replay.Cookies[".scs"] = signedIn;
            Assert.Equal("0", await replay.GetStringAsync("/count/peek"));
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Models_kept_on_sign_out_move_to_a_new_session_and_nothing_else_does(bool memoryStore, bool readBeforeSignOut)
    {
        await using var host = await StartAsync(memoryStore, policy: Policy.DestroyKeepingProfile);
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        (await browser.PostAsync("/profile/ada")).EnsureSuccessStatusCode();
        (await browser.PostAsync("/signin/ada")).EnsureSuccessStatusCode();
        var signedIn = browser.Cookies[".scs"];

        var path = readBeforeSignOut ? "/signout?readProfile=true" : "/signout";
        (await browser.PostAsync(path)).EnsureSuccessStatusCode();

        Assert.Single(host.Events.Destroyed);
        Assert.NotEqual(signedIn, browser.Cookies[".scs"]);
        Assert.StartsWith("ada|1 Main St|Dublin|chess=1200|Pro", await browser.GetStringAsync("/profile"), StringComparison.Ordinal);
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        if (memoryStore)
        {
            var replay = host.NewBrowser();
            replay.Cookies[".scs"] = signedIn;
            Assert.Equal("0", await replay.GetStringAsync("/count/peek"));
        }
    }

    [Fact]
    public async Task Signing_out_of_a_session_holding_only_defaults_in_kept_models_leaves_no_session()
    {
        await using var host = await StartAsync(memoryStore: true, policy: Policy.DestroyKeepingProfile);
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        (await browser.PostAsync("/signin/ada")).EnsureSuccessStatusCode();

        (await browser.PostAsync("/signout?readProfile=true")).EnsureSuccessStatusCode();

        Assert.False(browser.Cookies.ContainsKey(".scs"));
    }

    [Fact]
    public async Task The_obsolete_policy_still_renews_on_sign_out_and_keeps_the_data()
    {
        await using var host = await StartAsync(memoryStore: true, policy: Policy.ObsoleteRenewOnSignOut);
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        (await browser.PostAsync("/signin/ada")).EnsureSuccessStatusCode();
        var signedIn = browser.Cookies[".scs"];

        (await browser.PostAsync("/signout")).EnsureSuccessStatusCode();

        Assert.NotEqual(signedIn, browser.Cookies[".scs"]);
        Assert.Equal(2, host.Events.Renewed.Count);
        Assert.Empty(host.Events.Destroyed);
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Renewal_keeps_the_creation_time_so_the_absolute_timeout_still_counts_from_it()
    {
        await using var host = await StartAsync(memoryStore: false, configure: o => o.IdleTimeout = o.AbsoluteTimeout = TimeSpan.FromHours(24));
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        host.Time.Advance(TimeSpan.FromHours(23));
        (await browser.PostAsync("/signin/ada")).EnsureSuccessStatusCode();
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));

        host.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        Assert.Equal(SessionRejectionReason.ExpiredAbsolute, Assert.Single(host.Events.Rejected).Reason);
    }

    [Fact]
    public async Task Signing_out_of_an_auxiliary_scheme_during_sign_in_keeps_the_session()
    {
        await using var host = await StartAsync(memoryStore: true);
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        await browser.GetStringAsync("/count");

        (await browser.PostAsync("/external-login/ada")).EnsureSuccessStatusCode();

        Assert.Equal("ada", await browser.GetStringAsync("/whoami"));
        Assert.Empty(host.Events.Destroyed);
        Assert.Equal("2", await browser.GetStringAsync("/count/peek")); // the anonymous cart survives the login
        Assert.NotEmpty(host.Events.Renewed);
    }

    [Fact]
    public async Task Signing_out_of_an_auxiliary_scheme_alone_keeps_a_signed_in_users_session()
    {
        await using var host = await StartAsync(memoryStore: true);
        var browser = host.NewBrowser();
        (await browser.PostAsync("/signin/ada")).EnsureSuccessStatusCode();
        await browser.GetStringAsync("/count");

        (await browser.PostAsync("/signout-of/" + External)).EnsureSuccessStatusCode();

        Assert.Empty(host.Events.Destroyed);
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Signing_out_of_several_schemes_destroys_once_and_keeps_the_kept_models(bool memoryStore)
    {
        await using var host = await StartAsync(memoryStore, policy: Policy.DestroyKeepingProfile);
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        (await browser.PostAsync("/profile/ada")).EnsureSuccessStatusCode();
        (await browser.PostAsync("/signin/ada")).EnsureSuccessStatusCode();

        (await browser.PostAsync("/signout-everywhere")).EnsureSuccessStatusCode();

        Assert.Single(host.Events.Destroyed);
        Assert.StartsWith("ada|1 Main St|Dublin|chess=1200|Pro", await browser.GetStringAsync("/profile"), StringComparison.Ordinal);
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Schemes_that_end_the_session_can_be_chosen()
    {
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                Endpoints.Map(app);
                app.MapPost("/signout-of/{scheme}", async (string scheme, HttpContext context) =>
                {
                    await context.SignOutAsync(scheme);
                    return Results.NoContent();
                });
            },
            services: services =>
            {
                services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie().AddCookie(External);
                services.AddScSession().RenewOnSignInDestroyOnSignOut(o => o.Schemes.Add(External));
            });
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");

        (await browser.PostAsync("/signout-of/" + CookieAuthenticationDefaults.AuthenticationScheme)).EnsureSuccessStatusCode();
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));

        (await browser.PostAsync("/signout-of/" + External)).EnsureSuccessStatusCode();
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task A_keyed_authentication_service_is_left_alone()
    {
        await using var host = await SessionTestHost.StartAsync(
            Endpoints.Map,
            services: services =>
            {
                services.AddKeyedScoped<IAuthenticationService, AuthenticationService>("other");
                services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
                services.AddScSession().RenewOnSignInDestroyOnSignOut();
            });

        Assert.Equal("1", await host.NewBrowser().GetStringAsync("/count"));
        using var scope = host.App.Services.CreateScope();
        Assert.NotNull(scope.ServiceProvider.GetRequiredKeyedService<IAuthenticationService>("other"));
    }
}
