using Microsoft.Playwright;

namespace ScSession.BrowserTests;

/// <summary>Runs a browser scenario in a fresh context; on failure saves a screenshot and names it in the error.</summary>
internal static class BrowserScenario
{
    private static readonly string s_screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task RunAsync(IBrowser browser, string name, Func<IPage, IBrowserContext, Task> scenario, BrowserNewContextOptions? options = null)
    {
        await using var context = await browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        try
        {
            await scenario(page, context);
        }
        catch (Exception ex)
        {
            Directory.CreateDirectory(s_screenshots);
            var path = Path.Combine(s_screenshots, name + ".png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            throw new InvalidOperationException($"Browser scenario '{name}' failed at {page.Url}; screenshot: {path}", ex);
        }
    }
}
