using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

/// <summary>The shop sample through its real pipeline: Razor Pages handlers with [FromSession], injected models, minimal API.</summary>
public sealed partial class SampleShopTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private SessionBrowser NewBrowser() => new(factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = false,
    }));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static async Task<HttpResponseMessage> PostFormAsync(SessionBrowser browser, string pagePath, string postPath, params (string Key, string Value)[] fields)
    {
        var page = await browser.GetStringAsync(pagePath);
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"no antiforgery token on {pagePath}");
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token));
        return await browser.PostAsync(postPath, new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task Adding_products_fills_the_cart_page()
    {
        var browser = NewBrowser();

        using (var added = await PostFormAsync(browser, "/", "/?handler=Add", ("sku", "TEA-01")))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        (await PostFormAsync(browser, "/", "/?handler=Add", ("sku", "TEA-01"))).Dispose();
        (await PostFormAsync(browser, "/", "/?handler=Add", ("sku", "MUG-01"))).Dispose();

        var cart = await browser.GetStringAsync("/Cart");
        Assert.Contains("Sencha green tea, 100 g", cart, StringComparison.Ordinal);
        Assert.Contains("<span id=\"cart-count\">3</span>", cart, StringComparison.Ordinal);
        Assert.Matches("id=\"cart-total\">[^<]*29\\.00<", cart);
        Assert.Equal("""[{"sku":"TEA-01","quantity":2},{"sku":"MUG-01","quantity":1}]""", await browser.GetStringAsync("/api/cart"));
    }

    [Fact]
    public async Task Unknown_product_is_refused_and_changes_nothing()
    {
        var browser = NewBrowser();

        using var response = await PostFormAsync(browser, "/", "/?handler=Add", ("sku", "NOPE"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cart-empty", await browser.GetStringAsync("/Cart"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Added_to_cart_message_is_shown_once_after_the_redirect()
    {
        var browser = NewBrowser();

        (await PostFormAsync(browser, "/", "/?handler=Add", ("sku", "POT-01"))).Dispose();

        Assert.Contains("Added Cast-iron teapot to your cart.", await browser.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.DoesNotContain("Added Cast-iron teapot", await browser.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_renews_the_session_keeps_the_cart_and_says_so_once()
    {
        var renewed = 0;
        var app = factory.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.PostConfigure<ScSessionOptions>(o => o.Events.OnRenewed = _ =>
            {
                Interlocked.Increment(ref renewed);
                return Task.CompletedTask;
            })));
        var browser = new SessionBrowser(app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        }));
        (await PostFormAsync(browser, "/", "/?handler=Add", ("sku", "TEA-01"))).Dispose();
        await browser.GetStringAsync("/");

        (await PostFormAsync(browser, "/Login", "/Login", ("userName", "Ada"))).Dispose();

        Assert.Equal(1, renewed);
        var home = await browser.GetStringAsync("/");
        Assert.Contains("Signed in as <strong>Ada</strong>", home, StringComparison.Ordinal);
        Assert.Contains("Signed in as Ada.", home, StringComparison.Ordinal);
        Assert.Contains("<span id=\"cart-count\">1</span>", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Signed in as Ada.", await browser.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Remember_me_at_sign_in_chooses_a_persistent_or_a_browser_session_cookie(bool rememberMe)
    {
        var browser = NewBrowser();
        var fields = rememberMe ? new[] { ("userName", "Ada"), ("rememberMe", "true") } : [("userName", "Ada")];
        (await PostFormAsync(browser, "/Login", "/Login", fields)).Dispose();

        var header = browser.SetCookieFor(".scs");
        Assert.NotNull(header);
        if (rememberMe)
        {
            Assert.Contains("max-age=1209600", header, StringComparison.OrdinalIgnoreCase); // the sample's 14-day remembered idle window
        }
        else
        {
            Assert.DoesNotContain("expires=", header, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("max-age=", header, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("Signed in as <strong>Ada</strong>", await browser.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "dark")]
    [InlineData(false, "light")]
    public async Task Sign_out_destroys_the_session_and_keeps_the_theme_if_asked(bool keepTheme, string themeAfter)
    {
        var browser = NewBrowser();
        (await PostFormAsync(browser, "/", "/Theme", ("theme", "Dark"), ("returnUrl", "/"))).Dispose();
        (await PostFormAsync(browser, "/Login", "/Login", ("userName", "Ada"))).Dispose();
        (await PostFormAsync(browser, "/", "/?handler=Add", ("sku", "MUG-01"))).Dispose();

        var fields = keepTheme ? new[] { ("keepTheme", "true") } : [];
        (await PostFormAsync(browser, "/", "/Login?handler=SignOut", fields)).Dispose();

        var home = await browser.GetStringAsync("/");
        Assert.Contains("id=\"sign-in\"", home, StringComparison.Ordinal);
        Assert.Contains("You are signed out.", home, StringComparison.Ordinal);
        Assert.Contains("<span id=\"cart-count\">0</span>", home, StringComparison.Ordinal);
        Assert.Contains($"data-theme=\"{themeAfter}\"", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Theme_choice_is_remembered()
    {
        var browser = NewBrowser();
        Assert.Contains("data-theme=\"light\"", await browser.GetStringAsync("/"), StringComparison.Ordinal);

        (await PostFormAsync(browser, "/", "/Theme", ("theme", "Dark"), ("returnUrl", "/Cart"))).Dispose();

        Assert.Contains("data-theme=\"dark\"", await browser.GetStringAsync("/Cart"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browsing_without_changes_sets_no_session_cookie()
    {
        var browser = NewBrowser();
        (await PostFormAsync(browser, "/", "/?handler=Add", ("sku", "TEA-02"))).Dispose();
        await browser.GetStringAsync("/"); // shows (and so removes) the flash message: a change

        await browser.GetStringAsync("/Cart");
        await browser.GetStringAsync("/");

        Assert.Null(browser.SetCookieFor(".scs"));
    }

    [Fact]
    public void The_sample_ships_no_secret_key_and_uses_one_generated_for_this_machine_in_Development()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "ScSession.Samples.Shop");
        foreach (var settings in Directory.GetFiles(sample, "appsettings*.json"))
        {
            Assert.DoesNotContain("SecretKey", File.ReadAllText(settings), StringComparison.OrdinalIgnoreCase);
        }

        var key = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ScSessionOptions>>().Value.SecretKey;
        Assert.NotNull(key);
        Assert.Equal(32, Convert.FromBase64String(key).Length);
        var file = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ScSession", "ScSession.Samples.Shop", "development-secret-key");
        Assert.Equal(key, File.ReadAllText(file).Trim());
        Assert.False(Path.GetFullPath(file).StartsWith(RepositoryRoot(), StringComparison.Ordinal), "the key lives outside the repository");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScSession.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ScSession.sln not found above " + AppContext.BaseDirectory);
    }

    [Theory]
    [InlineData("dark", "dark")]
    [InlineData("DARK", "dark")]
    [InlineData("Light", "light")]
    public async Task The_theme_api_takes_a_theme_in_any_case(string theme, string shown)
    {
        var browser = NewBrowser();

        using var response = await browser.PostAsync("/api/theme/" + theme);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains($"data-theme=\"{shown}\"", await browser.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("purple")]
    [InlineData("1")]
    [InlineData("light,dark")]
    public async Task The_theme_api_answers_anything_else_with_a_problem_details_400(string theme)
    {
        var browser = NewBrowser();

        using var response = await browser.PostAsync("/api/theme/" + Uri.EscapeDataString(theme));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"title\":\"Unknown theme\"", body, StringComparison.Ordinal);
        Assert.Contains("light, dark", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal); // no exception dump
        Assert.Contains("data-theme=\"light\"", await browser.GetStringAsync("/"), StringComparison.Ordinal); // unchanged
    }

    [Fact]
    public async Task The_inspector_is_mapped_in_Development_and_shows_the_cart()
    {
        var browser = NewBrowser();
        (await PostFormAsync(browser, "/", "/?handler=Add", ("sku", "POT-01"))).Dispose();

        var inspector = await browser.GetStringAsync("/_scsession?view=compact");

        Assert.Contains("POT-01", inspector, StringComparison.Ordinal);
        Assert.Contains("id=\"session-panel\"", await browser.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_sessions_in_cookies_the_devices_page_says_a_server_store_is_needed()
    {
        var browser = NewBrowser();
        (await PostFormAsync(browser, "/Login", "/Login", ("userName", "Grace"))).Dispose();

        var devices = await browser.GetStringAsync("/Devices");

        Assert.Contains("id=\"devices-need-a-store\"", devices, StringComparison.Ordinal);
        Assert.Contains("ScSession__Store=memory", devices, StringComparison.Ordinal);
    }
}
