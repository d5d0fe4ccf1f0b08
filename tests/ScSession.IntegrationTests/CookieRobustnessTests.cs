using System.Net;
using System.Security.Cryptography;

namespace ScSession.IntegrationTests;

/// <summary>Bad cookies give a fresh session and an OnRejected event; never a 500.</summary>
public sealed class CookieRobustnessTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(app => Endpoints.Map(app));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<SessionBrowser> BrowserWithCountAsync(int count)
    {
        var browser = _host.NewBrowser();
        for (var i = 0; i < count; i++)
        {
            await browser.GetStringAsync("/count");
        }

        _host.Events.Clear();
        return browser;
    }

    private async Task AssertFreshSessionAsync(SessionBrowser browser, string cookieValue, string because)
    {
        browser.Cookies[".scs"] = cookieValue;
        _host.Events.Clear();

        using var response = await browser.GetAsync("/count/peek");

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{because}: status {(int)response.StatusCode}");
        Assert.True(await response.Content.ReadAsStringAsync() == "0", $"{because}: the session was not fresh");
        Assert.True(_host.Events.Rejected.Count == 1, $"{because}: expected one OnRejected, got {_host.Events.Rejected.Count}");
    }

    [Fact]
    public async Task Two_hundred_random_bit_flips_and_truncations_each_give_a_fresh_session()
    {
        var browser = await BrowserWithCountAsync(3);
        var valid = browser.Cookies[".scs"];
        var random = new Random(20261124);
        const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var i = 0; i < 200; i++)
        {
            string mutated;
            string description;
            if (i % 2 == 0)
            {
                var chars = valid.ToCharArray();
                var position = random.Next(chars.Length);
                var original = chars[position];
                do
                {
                    chars[position] = Base64UrlAlphabet[random.Next(Base64UrlAlphabet.Length)];
                }
                while (chars[position] == original);

                mutated = new string(chars);
                description = $"flip at {position}";
            }
            else
            {
                var length = random.Next(1, valid.Length);
                mutated = valid[..length];
                description = $"truncated to {length}";
            }

            // The last base64url character may carry only padding bits: such a change decodes to the same bytes.
            if (mutated == valid || SameBytes(mutated, valid))
            {
                continue;
            }

            await AssertFreshSessionAsync(browser, mutated, description);
            Assert.Contains(_host.Events.Rejected[0].Reason, new[] { SessionRejectionReason.Tampered, SessionRejectionReason.Malformed, SessionRejectionReason.UnknownKey });
        }

        browser.Cookies[".scs"] = valid;
        Assert.Equal("3", await browser.GetStringAsync("/count/peek"));
    }

    private static bool SameBytes(string a, string b)
    {
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(a).AsSpan().SequenceEqual(System.Buffers.Text.Base64Url.DecodeFromChars(b));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("garbage", SessionRejectionReason.Malformed)]
    [InlineData("chunks-x", SessionRejectionReason.Malformed)]
    [InlineData("chunks-2", SessionRejectionReason.Malformed)]
    [InlineData("chunks-1000", SessionRejectionReason.Malformed)] // more chunks than MaxCookieChunks: a forged count
    [InlineData("chunks-2147483647", SessionRejectionReason.Malformed)]
    [InlineData("chunks-99999999999999999999", SessionRejectionReason.Malformed)]
    [InlineData("chunks-0", SessionRejectionReason.Malformed)]
    [InlineData("chunks--1", SessionRejectionReason.Malformed)]
    [InlineData("chunks-01", SessionRejectionReason.Malformed)]
    [InlineData("%20", SessionRejectionReason.Malformed)]
    [InlineData("%0A", SessionRejectionReason.Malformed)]
    [InlineData("AQAAAAA=", SessionRejectionReason.Malformed)]
    [InlineData("AQAAAAA%3D", SessionRejectionReason.Malformed)]
    [InlineData("%C3%A9t%C3%A9", SessionRejectionReason.Malformed)]
    [InlineData("AQAAAAA", SessionRejectionReason.Malformed)]
    public async Task Garbage_cookie_is_rejected_with_its_reason(string value, SessionRejectionReason reason)
    {
        var browser = _host.NewBrowser();

        await AssertFreshSessionAsync(browser, value, value);

        Assert.Equal(reason, _host.Events.Rejected[0].Reason);
        Assert.Null(_host.Events.Rejected[0].SessionId);
    }

    [Fact]
    public async Task Huge_cookie_is_rejected_as_too_large_without_decoding()
    {
        var browser = _host.NewBrowser();

        await AssertFreshSessionAsync(browser, new string('A', 20_000), "20 KB cookie");

        Assert.Equal(SessionRejectionReason.TooLarge, _host.Events.Rejected[0].Reason);
    }

    [Fact]
    public async Task Rejected_cookie_is_deleted_so_the_browser_stops_sending_it()
    {
        var browser = _host.NewBrowser();
        browser.Cookies[".scs"] = "garbage";

        await browser.GetStringAsync("/count/peek");

        var header = browser.SetCookieFor(".scs");
        Assert.NotNull(header);
        Assert.Contains("expires=Thu, 01 Jan 1970", header, StringComparison.OrdinalIgnoreCase);
        Assert.False(browser.Cookies.ContainsKey(".scs"));
    }

    [Fact]
    public async Task Rejected_cookie_is_replaced_when_the_new_session_changes()
    {
        var browser = _host.NewBrowser();
        browser.Cookies[".scs"] = "garbage";

        Assert.Equal("1", await browser.GetStringAsync("/count"));
        Assert.Equal("2", await browser.GetStringAsync("/count"));
    }

    [Fact]
    public async Task Cookie_from_another_application_key_is_an_unknown_key()
    {
        await using var other = await SessionTestHost.StartAsync(app => Endpoints.Map(app), o => o.SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var otherBrowser = other.NewBrowser();
        await otherBrowser.GetStringAsync("/count");

        await AssertFreshSessionAsync(_host.NewBrowser(), otherBrowser.Cookies[".scs"], "other key");

        Assert.Equal(SessionRejectionReason.UnknownKey, _host.Events.Rejected[0].Reason);
    }
}
