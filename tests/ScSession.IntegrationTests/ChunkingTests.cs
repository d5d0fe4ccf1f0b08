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
    public async Task The_budget_the_message_states_is_the_limit_a_session_fits_under()
    {
        // Default options: CookieChunkSize 4,050 is the whole Set-Cookie header; ".scsC4=", expires, max-age=1200,
        // path, secure, samesite and httponly take 100 of it, so each of the 4 chunks carries 3,950 characters.
        const int Budget = 15_800;
        var (largestFitting, fittingValue, fittingHeaders) = (0, 0, Array.Empty<string>());
        int low = 8_000, high = 16_000; // blob characters; the session's value grows by 4/3 of each, plus a fixed overhead
        while (low <= high)
        {
            var length = (low + high) / 2;
            var browser = _host.NewBrowser();
            using var response = await browser.PostAsync($"/blob/{length}");
            if (response.IsSuccessStatusCode)
            {
                (largestFitting, fittingValue, fittingHeaders) = (length, ValueLength(browser), [.. browser.LastSetCookies]);
                low = length + 1;
            }
            else
            {
                high = length - 1;
            }
        }

        // Just under fits: the largest session that fits ends within one base64 step of the stated budget, and its
        // longest cookie is exactly CookieChunkSize.
        Assert.InRange(fittingValue, Budget - 3, Budget);
        Assert.Equal(4_050, fittingHeaders.Max(h => h.Length));

        // Just over fails, with the message stating that budget and the size that did not fit.
        var browserOver = _host.NewBrowser();
        using var over = await browserOver.PostAsync($"/blob/{largestFitting + 1}");
        Assert.Equal(HttpStatusCode.InternalServerError, over.StatusCode);
        var refusal = await over.Content.ReadAsStringAsync();
        Assert.Contains("over the budget of 15,800: 4 cookies (MaxCookieChunks) of 3,950 characters of value each, what CookieChunkSize (4,050) leaves", refusal, StringComparison.Ordinal);
        var size = int.Parse(System.Text.RegularExpressions.Regex.Match(refusal, "encodes to ([0-9,]+) characters").Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(size, Budget + 1, Budget + 2);
    }

    /// <summary>The session's value as the browser holds it: the chunks joined (or the one cookie's value).</summary>
    private static int ValueLength(SessionBrowser browser)
        => browser.Cookies[".scs"].StartsWith("chunks-", StringComparison.Ordinal)
            ? browser.Cookies.Where(c => c.Key.StartsWith(".scsC", StringComparison.Ordinal)).Sum(c => c.Value.Length)
            : browser.Cookies[".scs"].Length;

    [Fact]
    public async Task Budget_follows_MaxCookieChunks()
    {
        await using var roomy = await SessionTestHost.StartAsync(app => Endpoints.Map(app), o => o.MaxCookieChunks = 10);
        var browser = roomy.NewBrowser();

        (await browser.PostAsync("/blob/20000")).EnsureSuccessStatusCode();

        Assert.Equal("20000", await browser.GetStringAsync("/blob/length"));
    }
}
