using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace ScSession.BrowserTests;

/// <summary>The shop sample on real Kestrel (loopback, random port), served to Debian's headless Chromium.</summary>
public class ShopServer : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;

    public string BaseUrl { get; private set; } = "";

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public const string ChromiumPath = "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} was not found. The browser tests drive Debian's Chromium: install it with " +
                "`apt-get install -y chromium` (./test.sh does this when it runs as root).");
        }

        _factory = CreateFactory();
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>The shop as configured by default (sessions in cookies); a derived server changes its settings.</summary>
    protected virtual WebApplicationFactory<Program> CreateFactory() => new();

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await _factory.DisposeAsync();
    }
}

public sealed class ShopBrowserTests(ShopServer server) : IClassFixture<ShopServer>
{
    private Task RunAsync(string name, Func<IPage, IBrowserContext, Task> scenario) => BrowserScenario.RunAsync(server.Browser, name, scenario);

    private static async Task<string?> SessionCookieAsync(IBrowserContext context)
        => (await context.CookiesAsync()).FirstOrDefault(c => c.Name == ".scs")?.Value;

    [Fact]
    public Task Cart_survives_reload_and_sign_in_and_flash_shows_once() => RunAsync(nameof(Cart_survives_reload_and_sign_in_and_flash_shows_once), async (page, context) =>
    {
        await page.GotoAsync(server.BaseUrl + "/");
        await page.ClickAsync("#add-TEA-01");
        Assert.Equal("Added Sencha green tea, 100 g to your cart.", await page.TextContentAsync(".flash"));
        await page.ClickAsync("#add-MUG-01");
        await page.ClickAsync("#add-MUG-01");
        Assert.Equal("3", await page.TextContentAsync("#cart-count"));

        await page.ReloadAsync();
        Assert.Equal("3", await page.TextContentAsync("#cart-count"));
        Assert.Equal(0, await page.Locator(".flash").CountAsync()); // shown once, then gone

        var beforeSignIn = await SessionCookieAsync(context);
        await page.GotoAsync(server.BaseUrl + "/Login");
        await page.FillAsync("#user-name-input", "Ada");
        await page.ClickAsync("#sign-in-submit");
        Assert.Equal("Signed in as Ada.", await page.TextContentAsync(".flash"));
        Assert.Contains("Ada", await page.TextContentAsync("#user-name"), StringComparison.Ordinal);
        Assert.NotEqual(beforeSignIn, await SessionCookieAsync(context));
        Assert.Equal("3", await page.TextContentAsync("#cart-count"));

        await page.GotoAsync(server.BaseUrl + "/Cart");
        Assert.Equal("€32.50", await page.TextContentAsync("#cart-total"));
    });

    [Fact]
    public Task Theme_switch_and_sign_out_keeping_the_theme() => RunAsync(nameof(Theme_switch_and_sign_out_keeping_the_theme), async (page, context) =>
    {
        await page.GotoAsync(server.BaseUrl + "/");
        Assert.Equal("light", await page.GetAttributeAsync("html", "data-theme"));
        await page.ClickAsync("#theme-toggle");
        Assert.Equal("dark", await page.GetAttributeAsync("html", "data-theme"));

        await page.ClickAsync("#add-POT-01");
        await page.GotoAsync(server.BaseUrl + "/Login");
        await page.FillAsync("#user-name-input", "Grace");
        await page.ClickAsync("#sign-in-submit");

        await page.ClickAsync("#sign-out"); // "keep my theme" is checked by default
        Assert.Equal("You are signed out.", await page.TextContentAsync(".flash"));
        Assert.Equal("0", await page.TextContentAsync("#cart-count"));
        Assert.Equal(1, await page.Locator("#sign-in").CountAsync());
        Assert.Equal("dark", await page.GetAttributeAsync("html", "data-theme"));
    });

    [Fact]
    public Task Session_cookie_is_HttpOnly_Secure_and_SameSite_Lax() => RunAsync(nameof(Session_cookie_is_HttpOnly_Secure_and_SameSite_Lax), async (page, context) =>
    {
        await page.GotoAsync(server.BaseUrl + "/");
        await page.ClickAsync("#add-INF-01");

        var cookie = (await context.CookiesAsync()).Single(c => c.Name == ".scs");
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.DoesNotContain(".scs", await page.EvaluateAsync<string>("() => document.cookie"), StringComparison.Ordinal);
    });
}
