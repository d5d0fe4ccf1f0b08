using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.IntegrationTests;

/// <summary>
/// Hostile cookie headers, sent raw, on every backend: each gives a fresh session, one OnRejected with the reason, an
/// expired cookie and at most one log line — never an exception, a 5xx or more than MaxCookieChunks + 1 Set-Cookie.
/// </summary>
public sealed class HostileInputTests
{
    public enum Backend
    {
        Cookie,
        DataProtection,
        MemoryStore,
    }

    private const int MaxSessionSetCookies = 4 + 1; // MaxCookieChunks (default 4) + the main cookie

    internal static Task<SessionTestHost> StartAsync(Backend backend, ListLoggerProvider? logs = null, Action<ScSessionOptions>? configure = null)
        => SessionTestHost.StartAsync(
            app => Endpoints.Map(app),
            options =>
            {
                if (backend == Backend.DataProtection)
                {
                    options.SecretKey = null;
                }

                configure?.Invoke(options);
            },
            services =>
            {
                if (logs is not null)
                {
                    services.AddLogging(b => b.AddProvider(logs));
                }

                if (backend == Backend.MemoryStore)
                {
                    services.AddScSession().AddMemoryStore();
                }
            });

    internal static async Task<(HttpResponseMessage Response, List<string> SessionSetCookies)> SendRawAsync(SessionTestHost host, string path, string cookieHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
        var response = await host.App.GetTestClient().SendAsync(request);
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(v => v.StartsWith(".scs", StringComparison.Ordinal)).ToList()
            : [];
        return (response, setCookies);
    }

    [Theory]
    [InlineData(Backend.Cookie)]
    [InlineData(Backend.DataProtection)]
    [InlineData(Backend.MemoryStore)]
    public async Task A_forged_chunk_count_is_rejected_at_once_with_a_bounded_response(Backend backend)
    {
        await using var host = await StartAsync(backend);

        var (response, setCookies) = await SendRawAsync(host, "/count/peek", ".scs=chunks-2147483647");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", await response.Content.ReadAsStringAsync());
        Assert.Equal(SessionRejectionReason.Malformed, Assert.Single(host.Events.Rejected).Reason);
        var expired = Assert.Single(setCookies); // only the cookie the request carried
        Assert.StartsWith(".scs=;", expired, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_store_preloading_even_a_404_answers_at_once_with_a_bounded_response()
    {
        await using var host = await StartAsync(Backend.MemoryStore);
        var header = ".scs=chunks-2147483647; " + string.Join("; ", Enumerable.Range(1, 60).Select(i => $".scsC{i}=x"));

        var (response, setCookies) = await SendRawAsync(host, "/no-such-page", header);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(MaxSessionSetCookies, setCookies.Count); // .scs and the four chunks MaxCookieChunks allows
    }

    public static TheoryData<Backend, string> MalformedHeaders()
    {
        var data = new TheoryData<Backend, string>();
        string[] headers =
        [
            ".scs=%20",
            ".scs=%0A",
            ".scs=%00",
            ".scs=chunks-1; .scsC1=%20",
            ".scs=chunks-2; .scsC1=AQAB; .scsC2=%0A",
            ".scs=%C3%A9t%C3%A9",
            ".scs=\"AQAB\"",
            ".scs=" + new string('!', 43),
            ".scs=" + new string('A', 42) + "+",
            ".scs=" + new string('A', 42) + "=",
            ".scs=" + new string('A', 42) + "%3D",
            ".scs=" + new string('A', 42) + "B", // 43 characters with a non-zero unused tail
            ".scs=" + new string('A', 44),
            ".scs=AQAB; .scs=garbage",
        ];
        foreach (var backend in Enum.GetValues<Backend>())
        {
            foreach (var header in headers)
            {
                data.Add(backend, header);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public async Task Malformed_values_give_a_fresh_session_an_expired_cookie_and_one_log_line(Backend backend, string header)
    {
        var logs = new ListLoggerProvider();
        await using var host = await StartAsync(backend, logs);

        var (response, setCookies) = await SendRawAsync(host, "/count/peek", header);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", await response.Content.ReadAsStringAsync());
        var rejected = Assert.Single(host.Events.Rejected);
        Assert.Contains(rejected.Reason, new[] { SessionRejectionReason.Malformed, SessionRejectionReason.Tampered });
        Assert.InRange(setCookies.Count, 1, MaxSessionSetCookies);
        Assert.All(setCookies, c => Assert.Contains("expires=Thu, 01 Jan 1970", c, StringComparison.OrdinalIgnoreCase));
        Assert.Single(logs.Messages, m => m.Contains("Session cookie rejected", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_session_written_by_a_server_whose_clock_runs_ahead_is_refused()
    {
        await using var ahead = await StartAsync(Backend.Cookie);
        await using var here = await StartAsync(Backend.Cookie);
        ahead.Time.Advance(TimeSpan.FromHours(1));
        var browser = ahead.NewBrowser();
        await browser.GetStringAsync("/count");

        var (response, _) = await SendRawAsync(here, "/count/peek", ".scs=" + browser.Cookies[".scs"]);

        Assert.Equal("0", await response.Content.ReadAsStringAsync());
        Assert.Equal(SessionRejectionReason.InvalidTimestamps, Assert.Single(here.Events.Rejected).Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_session_created_ahead_and_saved_by_a_server_a_little_behind_lives_on(bool sharedStore)
    {
        // Two servers behind one load balancer, one clock 30 s ahead of the other (within MaxClockSkew).
        var store = new MemorySessionStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero)), new());
        Action<IServiceCollection>? services = sharedStore ? s => s.AddScSession().AddStore(_ => store) : null;
        await using var ahead = await SessionTestHost.StartAsync(app => Endpoints.Map(app), services: services);
        await using var behind = await SessionTestHost.StartAsync(app => Endpoints.Map(app), services: services);
        ahead.Time.Advance(TimeSpan.FromSeconds(30));
        var browser = ahead.NewBrowser();
        Assert.Equal("1", await browser.GetStringAsync("/count"));

        var next = new SessionBrowser(behind.App.GetTestClient());
        foreach (var (name, value) in browser.Cookies)
        {
            next.Cookies[name] = value;
        }

        Assert.Equal("2", await next.GetStringAsync("/count"));
        Assert.Equal("2", await next.GetStringAsync("/count/peek"));
        Assert.Empty(behind.Events.Rejected);
    }

    [Fact]
    public async Task A_clock_a_little_ahead_is_within_the_allowed_skew()
    {
        await using var ahead = await StartAsync(Backend.Cookie);
        await using var here = await StartAsync(Backend.Cookie);
        ahead.Time.Advance(TimeSpan.FromMinutes(4));
        var browser = ahead.NewBrowser();
        await browser.GetStringAsync("/count");

        var (response, _) = await SendRawAsync(here, "/count/peek", ".scs=" + browser.Cookies[".scs"]);

        Assert.Equal("1", await response.Content.ReadAsStringAsync());
        Assert.Empty(here.Events.Rejected);
    }
}

/// <summary>On a server store a session cannot grow without bound: a save over MaxSessionSize fails and names the sections.</summary>
public sealed class SessionSizeLimitTests
{
    [Fact]
    public async Task A_loop_of_flash_messages_stops_at_MaxSessionSize_and_nothing_over_it_is_stored()
    {
        var logs = new ListLoggerProvider();
        await using var host = await SessionTestHost.StartAsync(
            app => app.MapPost("/flash/{count:int}", (int count, HttpContext context) =>
            {
                for (var i = 0; i < count; i++)
                {
                    context.Flash().Add("info", new string('m', 100));
                }

                return Results.NoContent();
            }),
            o => o.MaxSessionSize = 4096,
            services =>
            {
                services.AddLogging(b => b.AddProvider(logs));
                services.AddScSession().AddMemoryStore();
            });
        var browser = host.NewBrowser();
        var store = host.App.Services.GetRequiredService<ISessionStore>();

        SessionTooLargeException? refused = null;
        for (var i = 0; i < 100 && refused is null; i++)
        {
            try
            {
                using var response = await browser.PostAsync("/flash/5");
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            }
            catch (SessionTooLargeException ex)
            {
                refused = ex; // TestServer rethrows what the pipeline threw
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(4096, refused.Limit);
        Assert.Contains("$flash", refused.Message, StringComparison.Ordinal);
        Assert.Contains("MaxSessionSize", refused.Message, StringComparison.Ordinal);
        var id = System.Buffers.Text.Base64Url.DecodeFromChars(browser.Cookies[".scs"]);
        var stored = await store.LoadAsync(ScSession.Internal.StoreSessionBackend.StoreKey(id), default);
        Assert.NotNull(stored);
        Assert.True(stored.Sections.Sum(s => s.Key.Length + s.Value.Length) <= 4096, "nothing over the limit was stored");
        // Thrown to the pipeline, where the host logs it once (UseExceptionHandler, Kestrel); ScSession adds no line of its own.
        Assert.DoesNotContain(logs.Messages, m => m.Contains("MaxSessionSize", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_save_refused_as_too_large_changes_nothing_so_a_smaller_save_later_in_the_request_is_stored(bool memoryStore)
    {
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                app.MapPost("/set", async (HttpContext context) =>
                {
                    context.Session.Set("k", new byte[20_000]);
                    var refused = false;
                    try
                    {
                        await context.Session.CommitAsync();
                    }
                    catch (SessionTooLargeException)
                    {
                        refused = true;
                    }

                    context.Session.SetString("k", "small");
                    return refused ? Results.NoContent() : Results.Problem("not refused");
                });
                app.MapGet("/get", (HttpContext context) => context.Session.GetString("k") ?? "(none)");
            },
            o => o.MaxSessionSize = 4096,
            services =>
            {
                if (memoryStore)
                {
                    services.AddScSession().AddMemoryStore();
                }
            });
        var browser = host.NewBrowser();

        using (var response = await browser.PostAsync("/set"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.NotNull(browser.SetCookieFor(".scs"));
        }

        Assert.Equal("small", await browser.GetStringAsync("/get"));
    }
}
