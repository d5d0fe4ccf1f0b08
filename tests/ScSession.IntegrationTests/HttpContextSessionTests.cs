using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

/// <summary><c>HttpContext.Session</c> (ASP.NET Core's <c>ISession</c>) backed by ScSession.</summary>
public sealed class HttpContextSessionTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    /// <summary>Endpoints that use only <c>HttpContext.Session</c>, as existing <c>AddSession()</c> code does.</summary>
    private static void MapKeyValueEndpoints(IEndpointRouteBuilder app)
    {
        app.MapPost("/kv/set/{key}/{value}", (HttpContext context, string key, string value) => context.Session.SetString(key, value));
        app.MapPost("/kv/int/{key}/{value:int}", (HttpContext context, string key, int value) => context.Session.SetInt32(key, value));
        app.MapGet("/kv/get/{key}", (HttpContext context, string key) => context.Session.GetString(key) ?? "(null)");
        app.MapGet("/kv/int/{key}", (HttpContext context, string key) => context.Session.GetInt32(key)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(null)");
        app.MapGet("/kv/keys", (HttpContext context) => string.Join(",", context.Session.Keys.Order(StringComparer.Ordinal)));
        app.MapPost("/kv/remove/{key}", (HttpContext context, string key) => context.Session.Remove(key));
        app.MapPost("/kv/clear", (HttpContext context) => context.Session.Clear());
        app.MapGet("/kv/available", async (HttpContext context) =>
        {
            await context.Session.LoadAsync();
            return context.Session.IsAvailable;
        });
    }

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(app =>
    {
        MapKeyValueEndpoints(app);
        app.MapPost("/kv/mixed/{value}", (HttpContext context, string value, CounterSession counter) =>
        {
            context.Session.SetString("name", value);
            return ++counter.Count;
        });
        app.MapGet("/kv/id", (HttpContext context) => context.Session.Id);
        app.MapPost("/kv/id-then-set/{value}", (HttpContext context, string value) =>
        {
            var id = context.Session.Id;
            context.Session.SetString("name", value);
            return id;
        });
        app.MapPost("/kv/commit/{value}", async (HttpContext context, string value) =>
        {
            context.Session.SetString("name", value);
            await context.Session.CommitAsync();
            return context.Session.Id; // non-empty only if the commit saved the session
        });
        Endpoints.Map(app);
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>
    /// One script of <c>ISession</c> calls across requests and what <c>AddSession()</c> answers; run against
    /// ScSession here and against <c>AddSession()</c> itself in <see cref="The_same_script_gives_the_same_answers_with_AddSession"/>.
    /// </summary>
    private static readonly (string Method, string Path, string Expected)[] s_script =
    [
        ("POST", "/kv/set/name/ada", ""),
        ("POST", "/kv/int/n/5", ""),
        ("GET", "/kv/get/name", "ada"),
        ("GET", "/kv/int/n", "5"),
        ("GET", "/kv/get/NAME", "(null)"),        // keys are case-sensitive
        ("GET", "/kv/int/name", "(null)"),        // "ada" is 3 bytes: not an Int32
        ("GET", "/kv/keys", "n,name"),
        ("POST", "/kv/set/name/grace", ""),
        ("GET", "/kv/get/name", "grace"),
        ("POST", "/kv/remove/n", ""),
        ("POST", "/kv/remove/missing", ""),
        ("GET", "/kv/int/n", "(null)"),
        ("GET", "/kv/keys", "name"),
        ("GET", "/kv/available", "true"),
        ("POST", "/kv/clear", ""),
        ("GET", "/kv/keys", ""),
        ("GET", "/kv/get/name", "(null)"),
    ];

    private static async Task<List<string>> RunScriptAsync(SessionBrowser browser)
    {
        var answers = new List<string>();
        foreach (var (method, path, _) in s_script)
        {
            using var response = await browser.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            response.EnsureSuccessStatusCode();
            answers.Add($"{method} {path} => {await response.Content.ReadAsStringAsync()}");
        }

        return answers;
    }

    private static List<string> ExpectedAnswers() => [.. s_script.Select(s => $"{s.Method} {s.Path} => {s.Expected}")];

    [Fact]
    public async Task Get_set_int32_remove_clear_and_keys_behave_like_AddSession()
        => Assert.Equal(ExpectedAnswers(), await RunScriptAsync(_host.NewBrowser()));

    [Fact]
    public async Task The_same_script_gives_the_same_answers_with_AddSession()
    {
        await using var addSession = await SessionTestHost.StartAsync(
            MapKeyValueEndpoints,
            services: services => services.AddDistributedMemoryCache().AddSession(),
            beforeSession: app => app.UseSession());

        Assert.Equal(ExpectedAnswers(), await RunScriptAsync(addSession.NewBrowser()));
    }

    [Fact]
    public async Task String_value_and_typed_model_live_in_one_session_cookie_and_both_persist()
    {
        var browser = _host.NewBrowser();

        Assert.Equal("1", await (await browser.PostAsync("/kv/mixed/ada")).Content.ReadAsStringAsync());
        Assert.Single(browser.LastSetCookies);
        Assert.Equal([".scs"], browser.Cookies.Keys);

        Assert.Equal("2", await browser.GetStringAsync("/count"));              // a typed write keeps the string value
        (await browser.PostAsync("/kv/set/city/Cork")).EnsureSuccessStatusCode(); // and an untyped write keeps the model

        Assert.Equal("ada", await browser.GetStringAsync("/kv/get/name"));
        Assert.Equal("Cork", await browser.GetStringAsync("/kv/get/city"));
        Assert.Equal("2", await browser.GetStringAsync("/count/peek"));
        Assert.Equal([".scs"], browser.Cookies.Keys);
    }

    [Fact]
    public async Task Clear_removes_only_the_string_keyed_values_not_the_typed_models()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/kv/mixed/ada")).EnsureSuccessStatusCode();

        (await browser.PostAsync("/kv/clear")).EnsureSuccessStatusCode();

        Assert.Equal("", await browser.GetStringAsync("/kv/keys"));
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Read_only_request_through_HttpContext_Session_sends_no_Set_Cookie()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/kv/set/name/ada")).EnsureSuccessStatusCode();
        Assert.NotNull(browser.SetCookieFor(".scs"));

        Assert.Equal("ada", await browser.GetStringAsync("/kv/get/name"));
        Assert.Empty(browser.LastSetCookies);
        Assert.Equal("name", await browser.GetStringAsync("/kv/keys"));
        Assert.Empty(browser.LastSetCookies);

        (await browser.PostAsync("/kv/set/name/ada")).EnsureSuccessStatusCode(); // the same value again: nothing changed
        Assert.Empty(browser.LastSetCookies);
    }

    [Fact]
    public async Task Reading_a_new_session_creates_nothing()
    {
        var browser = _host.NewBrowser();

        Assert.Equal("(null)", await browser.GetStringAsync("/kv/get/name"));

        Assert.Empty(browser.LastSetCookies);
        Assert.DoesNotContain("created", _host.Events.Entries);
    }

    [Fact]
    public async Task Id_is_never_empty_and_stays_the_same_once_saved()
    {
        var browser = _host.NewBrowser();

        var unsaved = await browser.GetStringAsync("/kv/id");
        Assert.Equal(43, unsaved.Length);
        Assert.NotEqual(unsaved, await browser.GetStringAsync("/kv/id")); // nothing saved: no session, no lasting ID

        using var response = await browser.PostAsync("/kv/id-then-set/ada");
        var idBeforeSave = await response.Content.ReadAsStringAsync();

        Assert.Equal(idBeforeSave, _host.Events.Saving[0].SessionId);
        Assert.Equal(idBeforeSave, await browser.GetStringAsync("/kv/id"));
        Assert.Equal(idBeforeSave, await browser.GetStringAsync("/kv/id"));
    }

    [Fact]
    public async Task CommitAsync_saves_the_session_before_the_response()
    {
        var browser = _host.NewBrowser();

        using var response = await browser.PostAsync("/kv/commit/ada");
        var idAfterCommit = await response.Content.ReadAsStringAsync();

        Assert.NotEqual("", idAfterCommit);
        Assert.Equal(idAfterCommit, await browser.GetStringAsync("/kv/id"));
        Assert.Equal("ada", await browser.GetStringAsync("/kv/get/name"));
    }
}
