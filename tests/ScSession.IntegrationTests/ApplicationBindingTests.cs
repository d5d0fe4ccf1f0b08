using System.Buffers.Text;
using Microsoft.Extensions.DependencyInjection;
using ScSession.Internal;

namespace ScSession.IntegrationTests;

/// <summary>
/// Two applications with the same key and cookie name: a cookie of one is refused by the other unless both set the
/// same <see cref="ScSessionOptions.ApplicationName"/>. Cookies of format 1 are still read and rewritten on change.
/// </summary>
public sealed class ApplicationBindingTests
{
    private static Task<SessionTestHost> StartAsync(string applicationName)
        => SessionTestHost.StartAsync(app => Endpoints.Map(app), o => o.ApplicationName = applicationName);

    private static async Task<string> CookieAfterCountingAsync(SessionTestHost host, int count)
    {
        var browser = host.NewBrowser();
        for (var i = 0; i < count; i++)
        {
            await browser.GetStringAsync("/count");
        }

        return browser.Cookies[".scs"];
    }

    [Fact]
    public async Task Cookie_of_another_application_with_the_same_key_and_cookie_name_is_refused()
    {
        await using var shop = await StartAsync("Shop");
        await using var admin = await StartAsync("Admin");
        var browser = admin.NewBrowser();
        browser.Cookies[".scs"] = await CookieAfterCountingAsync(shop, 3);

        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));

        var rejected = Assert.Single(admin.Events.Rejected);
        Assert.Equal(SessionRejectionReason.Tampered, rejected.Reason);
    }

    [Fact]
    public async Task Applications_with_the_same_application_name_share_the_session()
    {
        await using var first = await StartAsync("Shared");
        await using var second = await StartAsync("Shared");
        var browser = second.NewBrowser();
        browser.Cookies[".scs"] = await CookieAfterCountingAsync(first, 3);

        Assert.Equal("4", await browser.GetStringAsync("/count"));
        Assert.Empty(second.Events.Rejected);
    }

    [Fact]
    public async Task Format_1_cookie_is_read_and_rewritten_in_format_2_on_its_next_change()
    {
        await using var host = await StartAsync("Shop");
        var codec = host.App.Services.GetRequiredService<ScSessionRuntime>().Codec;
        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(await CookieAfterCountingAsync(host, 3), out var envelope));
        var browser = host.NewBrowser();
        browser.Cookies[".scs"] = V1Cookie.Encode(Convert.FromBase64String(SessionTestHost.DefaultKey), ".scs", envelope!);

        Assert.Equal("3", await browser.GetStringAsync("/count/peek"));
        Assert.Null(browser.SetCookieFor(".scs")); // read only: the cookie is left as it is
        Assert.Equal(CookieFormat.AesGcmV1, Base64Url.DecodeFromChars(browser.Cookies[".scs"])[0]);

        Assert.Equal("4", await browser.GetStringAsync("/count"));
        Assert.Equal(CookieFormat.XaesV2, Base64Url.DecodeFromChars(browser.Cookies[".scs"])[0]);
        Assert.Equal("5", await browser.GetStringAsync("/count"));
        Assert.Empty(host.Events.Rejected);
    }
}
