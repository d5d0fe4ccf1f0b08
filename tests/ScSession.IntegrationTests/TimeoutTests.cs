namespace ScSession.IntegrationTests;

/// <summary>Idle and absolute timeouts are enforced by the server from the envelope's timestamps.</summary>
public sealed class TimeoutTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(
        app => Endpoints.Map(app),
        o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(20);
            o.AbsoluteTimeout = TimeSpan.FromHours(1);
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Idle_session_expires()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");
        var stale = browser.Cookies[".scs"];

        _host.Time.Advance(TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(1));
        _host.Events.Clear();

        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        var rejected = Assert.Single(_host.Events.Rejected);
        Assert.Equal(SessionRejectionReason.ExpiredIdle, rejected.Reason);
        Assert.NotNull(rejected.SessionId);

        // The browser would have dropped it by now; a replay of the stale cookie is refused the same way.
        browser.Cookies[".scs"] = stale;
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Session_used_within_the_idle_window_lives_on()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");

        _host.Time.Advance(TimeSpan.FromMinutes(19));
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));

        Assert.Empty(_host.Events.Rejected);
    }

    [Fact]
    public async Task Read_only_requests_slide_the_idle_window_at_most_once_a_quarter_window()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");

        _host.Time.Advance(TimeSpan.FromMinutes(4));
        await browser.GetStringAsync("/count/peek");
        Assert.Empty(browser.LastSetCookies); // under a quarter of the window: no write

        _host.Time.Advance(TimeSpan.FromMinutes(2));
        await browser.GetStringAsync("/count/peek");
        Assert.NotNull(browser.SetCookieFor(".scs")); // past a quarter: the window slides

        // 6 + 19 = 25 minutes after the last change, but only 19 after the slide: still alive.
        _host.Time.Advance(TimeSpan.FromMinutes(19));
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
        Assert.Empty(_host.Events.Rejected);
    }

    [Fact]
    public async Task Active_session_still_ends_at_the_absolute_timeout()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");

        for (var minutes = 10; minutes < 60; minutes += 10)
        {
            _host.Time.Advance(TimeSpan.FromMinutes(10));
            await browser.GetStringAsync("/count");
        }

        Assert.Equal("6", await browser.GetStringAsync("/count/peek"));
        Assert.Empty(_host.Events.Rejected);

        _host.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        Assert.Equal(SessionRejectionReason.ExpiredAbsolute, Assert.Single(_host.Events.Rejected).Reason);
    }

    [Fact]
    public async Task Cookie_lifetime_never_outlasts_the_absolute_timeout()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");

        for (var i = 0; i < 5; i++)
        {
            _host.Time.Advance(TimeSpan.FromMinutes(10)); // active: within the 20-minute idle window
            await browser.GetStringAsync("/count");
        }

        // 50 minutes in: the idle window would reach 70, the absolute timeout ends the session at 60.

        var header = browser.SetCookieFor(".scs")!;
        Assert.True(header.Contains("max-age=600", StringComparison.OrdinalIgnoreCase), header);
    }
}
