using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

/// <summary>RenewOnSignInAndSignOut() through real ASP.NET Core cookie authentication.</summary>
public sealed class AuthenticationIntegrationTests
{
    private static Task<SessionTestHost> StartAsync(bool memoryStore, bool authenticationFirst = false) => SessionTestHost.StartAsync(
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
            app.MapPost("/signout", async (HttpContext context) =>
            {
                await context.SignOutAsync();
                return Results.NoContent();
            });
            app.MapGet("/whoami", (HttpContext context) => context.User.Identity?.Name ?? "anonymous");
        },
        services: services =>
        {
            // The renewal wrapper must work whichever of the two registrations comes first.
            if (authenticationFirst)
            {
                services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
            }

            var session = services.AddScSession().RenewOnSignInAndSignOut();
            if (memoryStore)
            {
                session.AddMemoryStore();
            }

            if (!authenticationFirst)
            {
                services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
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

    [Fact]
    public async Task Signing_out_renews_the_session_again()
    {
        await using var host = await StartAsync(memoryStore: true);
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        (await browser.PostAsync("/signin/ada")).EnsureSuccessStatusCode();
        var signedIn = browser.Cookies[".scs"];

        (await browser.PostAsync("/signout")).EnsureSuccessStatusCode();

        Assert.Equal("anonymous", await browser.GetStringAsync("/whoami"));
        Assert.NotEqual(signedIn, browser.Cookies[".scs"]);
        Assert.Equal(2, host.Events.Renewed.Count);
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }
}
