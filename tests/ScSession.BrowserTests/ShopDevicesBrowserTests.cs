using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace ScSession.BrowserTests;

/// <summary>The shop with sessions on a server store (memory): what "Your devices" needs.</summary>
public sealed class ServerStoreShopServer : ShopServer
{
    protected override WebApplicationFactory<Program> CreateFactory()
        => new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("ScSession:Store", "memory"));
}

/// <summary>
/// "Your devices" in Chromium: one user signed in from three browsers (three contexts, so three cookies) lists them,
/// signs one out from another, then signs out everywhere else.
/// </summary>
public sealed class ShopDevicesBrowserTests(ServerStoreShopServer server) : IClassFixture<ServerStoreShopServer>
{
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    private async Task<IPage> SignedInAsync(IBrowserContext context, string user)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/Login");
        await page.FillAsync("#user-name-input", user);
        await page.ClickAsync("#sign-in-submit");
        Assert.Contains(user, await page.TextContentAsync("#user-name"), StringComparison.Ordinal);
        return page;
    }

    private static async Task<bool> IsSignedInAsync(IPage page)
    {
        await page.ReloadAsync();
        return await page.Locator("#user-name").CountAsync() == 1;
    }

    [Fact]
    public Task Signing_out_one_device_and_then_everywhere_else() => BrowserScenario.RunAsync(server.Browser, nameof(Signing_out_one_device_and_then_everywhere_else), async (laptopPage, laptop) =>
    {
        var user = "ada-" + Guid.NewGuid().ToString("N")[..8];
        await using var phone = await server.Browser.NewContextAsync(new BrowserNewContextOptions { UserAgent = IPhone });
        await using var tablet = await server.Browser.NewContextAsync();
        await laptopPage.CloseAsync();
        var here = await SignedInAsync(laptop, user);
        var phonePage = await SignedInAsync(phone, user);
        var tabletPage = await SignedInAsync(tablet, user);

        await here.ClickAsync("#devices-link");
        var rows = here.Locator("#devices tbody tr");
        Assert.Equal(3, await rows.CountAsync());
        Assert.Equal(1, await here.Locator("#devices tr.current").CountAsync());
        Assert.Contains("this device", await here.TextContentAsync("#devices tr.current"), StringComparison.Ordinal);
        Assert.Equal(1, await here.Locator("#devices tr:has-text('Safari on iPhone')").CountAsync());

        await here.ClickAsync("#devices tr:has-text('Safari on iPhone') button");
        Assert.Equal("That device is signed out.", await here.TextContentAsync(".flash"));
        Assert.Equal(2, await rows.CountAsync());
        Assert.False(await IsSignedInAsync(phonePage), "the phone is still signed in");
        Assert.True(await IsSignedInAsync(tabletPage));

        await here.ClickAsync("#sign-out-others");
        Assert.Equal("1 other device is signed out.", await here.TextContentAsync(".flash"));
        Assert.Equal(1, await rows.CountAsync());
        Assert.False(await IsSignedInAsync(tabletPage), "the tablet is still signed in");
        Assert.True(await IsSignedInAsync(here), "signing out the others signed out this device too");
    }, new BrowserNewContextOptions { UserAgent = Firefox });
}
