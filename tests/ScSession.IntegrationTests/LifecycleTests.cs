namespace ScSession.IntegrationTests;

/// <summary>Renewal and destruction on the cookie store (the default).</summary>
public sealed class CookieLifecycleTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(
        app => Endpoints.Map(app),
        o => o.AbsoluteTimeout = TimeSpan.FromHours(1));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Renewal_changes_the_cookie_and_the_id_and_keeps_the_data()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");
        await browser.GetStringAsync("/count");
        var before = browser.Cookies[".scs"];
        var idBefore = _host.Events.Saving[^1].SessionId;
        _host.Events.Clear();

        (await browser.PostAsync("/renew")).EnsureSuccessStatusCode();

        Assert.NotEqual(before, browser.Cookies[".scs"]);
        Assert.Equal(["loaded", "renewed"], _host.Events.Entries);
        Assert.Equal("2", await browser.GetStringAsync("/count/peek"));
        await browser.GetStringAsync("/count");
        Assert.NotEqual(idBefore, _host.Events.Saving[^1].SessionId);
    }

    [Fact]
    public async Task Renewal_keeps_the_absolute_timeout_counting_from_the_first_creation()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");
        for (var i = 0; i < 5; i++)
        {
            _host.Time.Advance(TimeSpan.FromMinutes(10));
            await browser.GetStringAsync("/count");
        }

        (await browser.PostAsync("/renew")).EnsureSuccessStatusCode(); // 50 minutes in
        _host.Time.Advance(TimeSpan.FromMinutes(9));                 // 59: still inside the first hour
        Assert.Equal("6", await browser.GetStringAsync("/count/peek"));
        _host.Time.Advance(TimeSpan.FromMinutes(2));                 // 61: past it, renewal or not

        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        Assert.Equal(SessionRejectionReason.ExpiredAbsolute, Assert.Single(_host.Events.Rejected).Reason);
    }

    [Fact]
    public async Task Renewing_a_session_never_saved_does_nothing()
    {
        var browser = _host.NewBrowser();

        (await browser.PostAsync("/renew")).EnsureSuccessStatusCode();

        Assert.Empty(browser.LastSetCookies);
        Assert.Empty(_host.Events.Entries);
    }

    [Fact]
    public async Task Destroy_clears_the_data_expires_every_chunk_and_raises_OnDestroyed_once()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/blob/8000")).EnsureSuccessStatusCode();
        await browser.GetStringAsync("/count");
        Assert.Equal("chunks-3", browser.Cookies[".scs"]);
        _host.Events.Clear();

        (await browser.PostAsync("/logout")).EnsureSuccessStatusCode();

        foreach (var name in new[] { ".scs", ".scsC1", ".scsC2", ".scsC3" })
        {
            var header = browser.SetCookieFor(name);
            Assert.NotNull(header);
            Assert.Contains("expires=Thu, 01 Jan 1970", header, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty(browser.Cookies);
        Assert.Equal(["loaded", "destroyed"], _host.Events.Entries);
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        Assert.Equal("0", await browser.GetStringAsync("/blob/length"));
    }

    [Fact]
    public async Task Data_set_after_destroy_starts_a_new_session()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/profile/ada")).EnsureSuccessStatusCode();
        var before = browser.Cookies[".scs"];

        (await browser.PostAsync("/logout/keep-tier")).EnsureSuccessStatusCode();

        Assert.NotEqual(before, browser.Cookies[".scs"]);
        Assert.Equal("||||Pro", await browser.GetStringAsync("/profile"));
        Assert.Equal(2, _host.Events.Entries.Count(e => e == "created"));
    }
}
