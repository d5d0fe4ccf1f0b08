using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ScSession.IntegrationTests;

/// <summary>
/// The session inspector over HTTP: what it shows of the current session on each store, what it never shows, and where
/// it is mapped at all (Development; elsewhere only when forced, behind a policy).
/// </summary>
public sealed class InspectorTests : IAsyncLifetime
{
    private readonly List<WebApplication> _apps = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    private async Task<WebApplication> StartAsync(
        string environment = "Development",
        Action<ScSessionInspectorOptions>? inspector = null,
        Action<ScSessionBuilder>? store = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? beforeSession = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var session = builder.Services.AddScSession(o =>
        {
            o.SecretKey = SessionTestHost.DefaultKey;
            o.ApplicationName = "inspected";
        });
        store?.Invoke(session);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        beforeSession?.Invoke(app);
        app.UseScSession();
        app.MapPost("/visit", async (HttpContext context, CounterSession counter, ProfileSession profile) =>
        {
            counter.Count++;
            counter.Visits.Add(context.Request.Query["page"].ToString());
            profile.Name = context.Request.Query["name"];
            return context.Session.Id;
        });
        app.MapPost("/big", (BlobSession blob) => blob.Data = new string('x', 9000));
        app.MapScSessionInspector(inspector);
        _apps.Add(app);
        await app.StartAsync();
        return app;
    }

    private static async Task<JsonElement> InspectAsync(SessionBrowser browser, string path = "/_scsession/session.json")
    {
        using var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task The_page_shows_each_section_as_json_with_times_size_and_store_and_nothing_secret()
    {
        var app = await StartAsync();
        var browser = new SessionBrowser(app.GetTestClient());
        using var visited = await browser.PostAsync("/visit?page=home&name=Ada");
        var publicId = await visited.Content.ReadAsStringAsync();

        using var page = await browser.GetAsync("/_scsession");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.Contains(publicId, html, StringComparison.Ordinal);
        Assert.Contains("data-section=\"CounterSession\"", html, StringComparison.Ordinal);
        Assert.Contains(HtmlEncoder.Default.Encode("\"name\": \"Ada\""), html, StringComparison.Ordinal);
        Assert.Contains("Idle expiry", html, StringComparison.Ordinal);
        Assert.Contains("cookie (1 cookie on this request)", html, StringComparison.Ordinal);
        Assert.DoesNotContain(browser.Cookies[".scs"], html, StringComparison.Ordinal); // never the cookie's value
        Assert.DoesNotContain(SessionTestHost.DefaultKey, html, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
        Assert.StartsWith("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var json = await InspectAsync(browser);
        Assert.Equal(publicId, json.GetProperty("publicId").GetString());
        Assert.Equal("cookie", json.GetProperty("store").GetString());
        Assert.Equal(1, json.GetProperty("sections").GetProperty("CounterSession").GetProperty("value").GetProperty("count").GetInt32());
        Assert.Equal("Ada", json.GetProperty("sections").GetProperty("profile").GetProperty("value").GetProperty("name").GetString());
        Assert.InRange(json.GetProperty("size").GetInt32(), 1, json.GetProperty("budget").GetInt32());
        Assert.Equal(15_800, json.GetProperty("budget").GetInt32()); // 4 cookies of 3,950 characters of value
    }

    [Fact]
    public async Task Each_visitor_sees_only_their_own_session()
    {
        var app = await StartAsync();
        var (ada, grace) = (new SessionBrowser(app.GetTestClient()), new SessionBrowser(app.GetTestClient()));
        using var adaVisit = await ada.PostAsync("/visit?name=Ada");
        using var graceVisit = await grace.PostAsync("/visit?name=Grace");

        var adaJson = await InspectAsync(ada);
        var graceJson = await InspectAsync(grace);
        var stranger = await InspectAsync(new SessionBrowser(app.GetTestClient()));

        Assert.Equal(await adaVisit.Content.ReadAsStringAsync(), adaJson.GetProperty("publicId").GetString());
        Assert.Equal("Grace", graceJson.GetProperty("sections").GetProperty("profile").GetProperty("value").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, stranger.GetProperty("publicId").ValueKind);
        Assert.Empty(stranger.GetProperty("sections").EnumerateObject());
        using var noSession = await new SessionBrowser(app.GetTestClient()).GetAsync("/_scsession");
        Assert.Contains("id=\"no-session\"", await noSession.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_cookie_is_counted_and_a_hostile_value_is_shown_encoded()
    {
        var app = await StartAsync();
        var browser = new SessionBrowser(app.GetTestClient());
        await browser.PostAsync("/big");
        await browser.PostAsync("/visit?name=" + Uri.EscapeDataString("</pre><script>alert(1)</script>"));

        var json = await InspectAsync(browser);
        var html = await browser.GetStringAsync("/_scsession");

        var chunks = browser.Cookies.Keys.Count(name => name.StartsWith(".scsC", StringComparison.Ordinal));
        Assert.InRange(chunks, 2, 4);
        Assert.Equal(chunks, json.GetProperty("cookies").GetInt32());
        Assert.Contains($"cookie ({chunks} cookies on this request)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_server_store_it_shows_the_store_and_the_size_against_MaxSessionSize()
    {
        var app = await StartAsync(store: s => s.AddMemoryStore());
        var browser = new SessionBrowser(app.GetTestClient());
        await browser.PostAsync("/visit?name=Ada");

        var json = await InspectAsync(browser);
        var html = await browser.GetStringAsync("/_scsession");

        // On a server store the cookie carries the secret session ID: it appears in neither view.
        Assert.DoesNotContain(browser.Cookies[".scs"], json.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(browser.Cookies[".scs"], html, StringComparison.Ordinal);
        Assert.Equal(nameof(MemorySessionStore), json.GetProperty("store").GetString());
        Assert.Equal("bytes", json.GetProperty("sizeUnit").GetString());
        Assert.Equal(app.Services.GetRequiredService<IOptions<ScSessionOptions>>().Value.MaxSessionSize, json.GetProperty("budget").GetInt32());
        Assert.Equal("Ada", json.GetProperty("sections").GetProperty("profile").GetProperty("value").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Its_path_can_be_moved()
    {
        var app = await StartAsync(inspector: o => o.Path = "/dev/session");
        var browser = new SessionBrowser(app.GetTestClient());
        await browser.PostAsync("/visit?name=Ada");

        Assert.Equal("Ada", (await InspectAsync(browser, "/dev/session/session.json")).GetProperty("sections").GetProperty("profile").GetProperty("value").GetProperty("name").GetString());
        using var old = await browser.GetAsync("/_scsession");
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public async Task Outside_Development_it_maps_nothing()
    {
        var app = await StartAsync(environment: "Production");
        var browser = new SessionBrowser(app.GetTestClient());
        await browser.PostAsync("/visit?name=Ada");

        foreach (var path in new[] { "/_scsession", "/_scsession/session.json" })
        {
            using var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Forced_outside_Development_without_a_policy_it_fails_at_start_up_saying_how_to_fix_it()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(environment: "Production", inspector: o => o.EnableOutsideDevelopment = true));

        Assert.Contains("AuthorizationPolicy", failure.Message, StringComparison.Ordinal);
        Assert.Contains("UseAuthorization", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forced_outside_Development_it_answers_only_requests_that_meet_its_policy()
    {
        var app = await StartAsync(
            environment: "Production",
            inspector: o => (o.EnableOutsideDevelopment, o.AuthorizationPolicy) = (true, "SessionInspectors"),
            services: s =>
            {
                s.AddAuthentication(HeaderRoleHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderRoleHandler>(HeaderRoleHandler.SchemeName, null);
                s.AddAuthorizationBuilder().AddPolicy("SessionInspectors", p => p.RequireRole("support"));
            },
            beforeSession: a =>
            {
                a.UseAuthentication();
                a.UseAuthorization();
            });
        var browser = new SessionBrowser(app.GetTestClient());
        await browser.PostAsync("/visit?name=Ada");

        using var anonymous = await browser.GetAsync("/_scsession");
        using var customer = await browser.SendAsync(WithRole("customer"));
        using var support = await browser.SendAsync(WithRole("support"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, support.StatusCode);
        Assert.Contains("data-section=\"profile\"", await support.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        static HttpRequestMessage WithRole(string role)
            => new(HttpMethod.Get, "/_scsession") { Headers = { { HeaderRoleHandler.Header, role } } };
    }

    /// <summary>Signs a request in with the role named in a header: a test's stand-in for real authentication.</summary>
    private sealed class HeaderRoleHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "HeaderRole";
        public const string Header = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var role))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "tester"), new Claim(ClaimTypes.Role, role.ToString())], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
