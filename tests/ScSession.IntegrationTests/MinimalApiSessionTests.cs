using System.Net;

namespace ScSession.IntegrationTests;

public sealed class MinimalApiSessionTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(app => Endpoints.Map(app));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Model_parameter_binds_and_persists_across_requests()
    {
        var browser = _host.NewBrowser();

        Assert.Equal("1", await browser.GetStringAsync("/count"));
        Assert.Equal("2", await browser.GetStringAsync("/count"));
        Assert.Equal("3", await browser.GetStringAsync("/count"));
        Assert.Equal("3", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Browsers_do_not_share_sessions()
    {
        var alice = _host.NewBrowser();
        var bob = _host.NewBrowser();

        await alice.GetStringAsync("/count");
        await alice.GetStringAsync("/count");

        Assert.Equal("1", await bob.GetStringAsync("/count"));
        Assert.Equal("2", await alice.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task GetSessionAsync_works_from_any_code_with_an_HttpContext()
    {
        var browser = _host.NewBrowser();

        await browser.GetStringAsync("/count/extension");

        Assert.Equal("2", await browser.GetStringAsync("/count"));
    }

    [Fact]
    public async Task In_place_collection_change_is_persisted()
    {
        var browser = _host.NewBrowser();

        await browser.GetStringAsync("/count/visit/home");
        await browser.GetStringAsync("/count/visit/cart");

        Assert.Equal("home,cart,about", await browser.GetStringAsync("/count/visit/about"));
    }

    [Fact]
    public async Task In_place_nested_object_change_is_persisted()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/profile/ada")).EnsureSuccessStatusCode();

        (await browser.PostAsync("/profile/city/Cork")).EnsureSuccessStatusCode();

        Assert.Equal("ada|1 Main St|Cork|chess=1200|Pro", await browser.GetStringAsync("/profile"));
    }

    [Fact]
    public async Task Read_only_request_sends_no_Set_Cookie()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");
        Assert.NotNull(browser.SetCookieFor(".scs"));

        await browser.GetStringAsync("/count/peek");
        Assert.Empty(browser.LastSetCookies);

        await browser.GetStringAsync("/profile");
        Assert.Empty(browser.LastSetCookies);
    }

    [Fact]
    public async Task Session_that_was_only_read_is_never_created()
    {
        var browser = _host.NewBrowser();

        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));

        Assert.Empty(browser.LastSetCookies);
        Assert.DoesNotContain("created", _host.Events.Entries);
    }

    [Fact]
    public async Task Cookie_is_HttpOnly_Secure_SameSite_Lax_with_the_session_lifetime()
    {
        var browser = _host.NewBrowser();

        await browser.GetStringAsync("/count");

        var header = browser.SetCookieFor(".scs");
        Assert.NotNull(header);
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=1200", header, StringComparison.OrdinalIgnoreCase); // the 20-minute idle window
    }

    [Fact]
    public async Task Events_report_creation_loading_and_saving()
    {
        var browser = _host.NewBrowser();

        await browser.GetStringAsync("/count");
        await browser.GetStringAsync("/count");

        Assert.Equal(["saving:CounterSession", "created", "loaded", "saving:CounterSession"], _host.Events.Entries);
        Assert.NotNull(_host.Events.Saving[1].SessionId);
        Assert.Equal(_host.Events.Saving[0].SessionId, _host.Events.Saving[1].SessionId);
    }

    [Fact]
    public async Task Session_id_is_256_bits_of_base64url_and_not_the_cookie_value()
    {
        var browser = _host.NewBrowser();

        await browser.GetStringAsync("/count");
        await browser.GetStringAsync("/count");

        var id = _host.Events.Saving[1].SessionId!;
        Assert.Equal(43, id.Length);
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(id).Length);
        Assert.DoesNotContain(id, browser.Cookies[".scs"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Change_after_the_response_started_is_reported_not_thrown()
    {
        var browser = _host.NewBrowser();

        using var response = await browser.GetAsync("/late");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("started", await response.Content.ReadAsStringAsync());
        var lost = Assert.Single(_host.Events.ChangesLost);
        Assert.Equal(["CounterSession"], lost.Sections);
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Failed_request_saves_nothing()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");

        await Assert.ThrowsAsync<InvalidOperationException>(() => browser.GetAsync("/fail"));

        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }
}
