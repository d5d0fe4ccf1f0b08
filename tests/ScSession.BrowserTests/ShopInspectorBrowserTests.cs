using Microsoft.Playwright;

namespace ScSession.BrowserTests;

/// <summary>
/// The shop in Chromium: the session inspector page and the layout's "What is in your session" panel render what the
/// session holds without a console error, and the header fits a 390 px wide phone.
/// </summary>
public sealed class ShopInspectorBrowserTests(ShopServer server) : IClassFixture<ShopServer>
{
    private async Task SignInAsync(IPage page, string name)
    {
        await page.GotoAsync(server.BaseUrl + "/Login");
        await page.FillAsync("#user-name-input", name);
        await page.ClickAsync("#sign-in-submit");
    }

    /// <summary>Console errors and failed page loads (a CSP violation shows as a console error).</summary>
    private static List<string> RecordErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    [Fact]
    public Task The_inspector_page_shows_each_section_as_json_with_its_size() => BrowserScenario.RunAsync(server.Browser, nameof(The_inspector_page_shows_each_section_as_json_with_its_size), async (page, _) =>
    {
        var errors = RecordErrors(page);
        await page.GotoAsync(server.BaseUrl + "/");
        await page.ClickAsync("#add-TEA-02");
        await SignInAsync(page, "Ada");

        var response = await page.GotoAsync(server.BaseUrl + "/_scsession");

        Assert.Equal(200, response!.Status);
        Assert.Equal("Session inspector", await page.TextContentAsync("h1"));
        Assert.Contains("cookie", await page.TextContentAsync("#facts"), StringComparison.Ordinal);
        Assert.Contains("TEA-02", await page.TextContentAsync("section[data-section=CartSession] pre"), StringComparison.Ordinal);
        Assert.Contains("\"Ada\"", await page.TextContentAsync("section[data-section=user] pre"), StringComparison.Ordinal);
        var barWidth = await page.EvalOnSelectorAsync<double>("#bars .fill", "e => e.getBoundingClientRect().width");
        Assert.True(barWidth > 0, "the size bar is not drawn");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    });

    [Fact]
    public Task The_layout_panel_frames_the_inspector_when_opened() => BrowserScenario.RunAsync(server.Browser, nameof(The_layout_panel_frames_the_inspector_when_opened), async (page, _) =>
    {
        var errors = RecordErrors(page);
        await page.GotoAsync(server.BaseUrl + "/");
        await page.ClickAsync("#add-MUG-01");

        await page.ClickAsync("#session-panel summary");

        var frame = page.FrameLocator("#session-panel iframe");
        await Assertions.Expect(frame.Locator("section[data-section=CartSession] pre")).ToContainTextAsync("MUG-01");
        Assert.Equal(0, await frame.Locator("h1").CountAsync()); // the compact view
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    });

    [Fact]
    public Task At_390_px_the_header_fits_and_sign_out_is_reachable() => BrowserScenario.RunAsync(
        server.Browser,
        nameof(At_390_px_the_header_fits_and_sign_out_is_reachable),
        async (page, _) =>
        {
            await SignInAsync(page, "Margaret Hamilton-Lovelace");

            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
            var signOut = (await page.Locator("#sign-out").BoundingBoxAsync())!;
            Assert.InRange(signOut.X, 0, 390 - signOut.Width);
            var keepTheme = (await page.Locator("label:has(#keep-theme)").BoundingBoxAsync())!;
            var apart = keepTheme.X + keepTheme.Width <= signOut.X || signOut.Y >= keepTheme.Y + keepTheme.Height;
            Assert.True(apart, $"'keep my theme' ({keepTheme.X}…{keepTheme.X + keepTheme.Width}) runs into 'Sign out' (from {signOut.X})");

            await page.ClickAsync("#sign-out");
            Assert.Equal("You are signed out.", await page.TextContentAsync(".flash"));
        },
        new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true });
}
