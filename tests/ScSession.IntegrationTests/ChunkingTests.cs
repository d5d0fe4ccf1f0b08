using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ScSession.IntegrationTests;

/// <summary>Cookies over ~4 KB are chunked; over the budget the write fails loudly, naming the sections.</summary>
public sealed class ChunkingTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(
        app => Endpoints.Map(app),
        beforeSession: app => app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (SessionTooLargeException ex)
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync(ex.Message);
            }
        }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Small_session_is_one_cookie()
    {
        var browser = _host.NewBrowser();

        (await browser.PostAsync("/blob/100")).EnsureSuccessStatusCode();

        Assert.DoesNotContain(browser.LastSetCookies, h => h.StartsWith(".scsC", StringComparison.Ordinal));
        Assert.DoesNotContain("chunks-", browser.Cookies[".scs"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Large_session_is_split_into_chunks_and_read_back()
    {
        var browser = _host.NewBrowser();

        (await browser.PostAsync("/blob/8000")).EnsureSuccessStatusCode();

        Assert.Equal("chunks-3", browser.Cookies[".scs"]);
        Assert.All(browser.LastSetCookies, h => Assert.True(h.Length <= 4096, $"Set-Cookie of {h.Length} bytes"));
        Assert.True(browser.Cookies.ContainsKey(".scsC1") && browser.Cookies.ContainsKey(".scsC2") && browser.Cookies.ContainsKey(".scsC3"));
        Assert.Equal("8000", await browser.GetStringAsync("/blob/length"));
    }

    [Fact]
    public async Task Shrinking_session_expires_the_chunks_it_no_longer_needs()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/blob/8000")).EnsureSuccessStatusCode();

        (await browser.PostAsync("/blob/10")).EnsureSuccessStatusCode();

        Assert.Equal([".scs"], browser.Cookies.Keys.Order());
        Assert.Contains(browser.LastSetCookies, h => h.StartsWith(".scsC3=;", StringComparison.Ordinal) && h.Contains("1970", StringComparison.Ordinal));
        Assert.Equal("10", await browser.GetStringAsync("/blob/length"));
    }

    [Fact]
    public async Task Missing_chunk_is_rejected_as_malformed()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/blob/8000")).EnsureSuccessStatusCode();
        browser.Cookies.Remove(".scsC2");

        Assert.Equal("0", await browser.GetStringAsync("/blob/length"));
        Assert.Equal(SessionRejectionReason.Malformed, Assert.Single(_host.Events.Rejected).Reason);
    }

    [Fact]
    public async Task Session_over_the_budget_fails_at_write_time_naming_the_sections()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");
        var before = new Dictionary<string, string>(browser.Cookies);

        using var response = await browser.PostAsync("/blob/20000");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var message = await response.Content.ReadAsStringAsync();
        Assert.Contains("too large", message, StringComparison.Ordinal);
        Assert.Contains("BlobSession 20,0", message, StringComparison.Ordinal);
        Assert.Contains("CounterSession", message, StringComparison.Ordinal);
        Assert.Contains("MaxCookieChunks", message, StringComparison.Ordinal);

        // Nothing was half-written: the previous session is intact.
        Assert.Equal(before, browser.Cookies);
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Budget_follows_MaxCookieChunks()
    {
        await using var roomy = await SessionTestHost.StartAsync(app => Endpoints.Map(app), o => o.MaxCookieChunks = 10);
        var browser = roomy.NewBrowser();

        (await browser.PostAsync("/blob/20000")).EnsureSuccessStatusCode();

        Assert.Equal("20000", await browser.GetStringAsync("/blob/length"));
    }
}
