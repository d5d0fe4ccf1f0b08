using System.Buffers.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.IntegrationTests;

/// <summary>A gate a test opens to let a paused request finish.</summary>
public sealed class RequestGate
{
    private readonly Dictionary<string, TaskCompletionSource> _gates = [];

    public Task WaitAsync(string name)
    {
        lock (_gates)
        {
            return Get(name).Task;
        }
    }

    public void Open(string name)
    {
        lock (_gates)
        {
            Get(name).TrySetResult();
        }
    }

    private TaskCompletionSource Get(string name)
    {
        if (!_gates.TryGetValue(name, out var gate))
        {
            gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _gates[name] = gate;
        }

        return gate;
    }
}

/// <summary>The server-side store path, on the in-memory store: the cookie carries only the ID.</summary>
public sealed class MemoryStoreTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;
    private readonly RequestGate _gate = new();

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(
        app =>
        {
            Endpoints.Map(app);
            MapOwnerEndpoints(app);
            app.MapGet("/count/gated/{gate}", async (string gate, CounterSession counter) =>
            {
                await _gate.WaitAsync(gate);
                return ++counter.Count;
            });
            app.MapPost("/profile/gated/{gate}/{name}", async (string gate, string name, ProfileSession profile) =>
            {
                await _gate.WaitAsync(gate);
                profile.Name = name;
                return Results.NoContent();
            });
        },
        services: services => services.AddScSession().AddMemoryStore());

    private static void MapOwnerEndpoints(WebApplication app)
    {
        app.MapPost("/owner/{id}", async (string id, string? description, HttpContext context) =>
        {
            await context.SetSessionOwnerAsync(id, description);
            return Results.NoContent();
        });
        app.MapGet("/session-id", (HttpContext context) => context.Session.Id);
        app.MapPost("/revoke/{id}", async (string id, ISessionOwnerIndex index) => await index.RevokeOwnerSessionsAsync(id));
        app.MapPost("/revoke/{id}/{publicId}", async (string id, string publicId, ISessionOwnerIndex index) => await index.RevokeSessionAsync(id, publicId));
        app.MapGet("/owner/{id}/sessions", async (string id, ISessionOwnerIndex index) => (await index.GetOwnerSessionsAsync(id)).Count);
        app.MapGet("/owner/{id}/sessions/list", async (string id, ISessionOwnerIndex index) =>
            string.Join('\n', (await index.GetOwnerSessionsAsync(id)).Select(s => $"{s.PublicId} {s.Description}")));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private MemorySessionStore Store => (MemorySessionStore)_host.App.Services.GetRequiredService<ISessionStore>();

    [Fact]
    public async Task Cookie_carries_only_a_256_bit_id_and_the_data_lives_in_the_store()
    {
        var browser = _host.NewBrowser();

        Assert.Equal("1", await browser.GetStringAsync("/count"));
        Assert.Equal("2", await browser.GetStringAsync("/count"));

        var cookie = browser.Cookies[".scs"];
        Assert.Equal(32, Base64Url.DecodeFromChars(cookie).Length);
        Assert.Equal(1, Store.Count);
        Assert.Null(await Store.LoadAsync(cookie, default)); // the store key is a hash of the ID, not the ID

        // Events and logs get that hash, never the ID that is the cookie value.
        var publicId = _host.Events.Saving[^1].SessionId!;
        Assert.NotEqual(cookie, publicId);
        Assert.NotNull(await Store.LoadAsync(publicId, default));
    }

    [Fact]
    public async Task Changes_do_not_reissue_the_id_cookie()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");

        await browser.GetStringAsync("/count");

        Assert.Empty(browser.LastSetCookies);
        Assert.Equal("2", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Unknown_id_is_rejected_as_not_found()
    {
        var browser = _host.NewBrowser();
        browser.Cookies[".scs"] = Base64Url.EncodeToString(new byte[32]);

        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));

        Assert.Equal(SessionRejectionReason.NotFound, Assert.Single(_host.Events.Rejected).Reason);
    }

    [Fact]
    public async Task Replayed_pre_renewal_cookie_no_longer_loads_the_session()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");
        var preLogin = browser.Cookies[".scs"];

        (await browser.PostAsync("/renew")).EnsureSuccessStatusCode();
        Assert.NotEqual(preLogin, browser.Cookies[".scs"]);
        Assert.Equal("2", await browser.GetStringAsync("/count"));

        var attacker = _host.NewBrowser();
        attacker.Cookies[".scs"] = preLogin;
        Assert.Equal("0", await attacker.GetStringAsync("/count/peek"));
        Assert.Equal(SessionRejectionReason.NotFound, Assert.Single(_host.Events.Rejected).Reason);
        Assert.Equal(1, Store.Count);
    }

    [Fact]
    public async Task Destroy_deletes_the_server_copy()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");
        var old = browser.Cookies[".scs"];

        (await browser.PostAsync("/logout")).EnsureSuccessStatusCode();

        Assert.Equal(0, Store.Count);
        Assert.Empty(browser.Cookies);
        var replay = _host.NewBrowser();
        replay.Cookies[".scs"] = old;
        Assert.Equal("0", await replay.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Request_that_started_before_logout_does_not_bring_the_session_back_and_fails_loudly()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");
        var slowTab = new SessionBrowser(browser.Client);
        slowTab.Cookies[".scs"] = browser.Cookies[".scs"];

        var slow = slowTab.GetAsync("/count/gated/logout-race"); // loads the session, then waits
        await Task.Delay(100);
        (await browser.PostAsync("/logout")).EnsureSuccessStatusCode();
        _gate.Open("logout-race");

        // Its change has no session to go to: not written (the session stays gone), and not answered as saved.
        var failure = await Assert.ThrowsAsync<SessionEndedException>(async () => (await slow).Dispose());
        Assert.Equal(["CounterSession"], failure.Sections);
        Assert.Equal(0, Store.Count);
        Assert.Equal("0", await slowTab.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Concurrent_requests_changing_different_models_both_persist()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");
        var tabA = new SessionBrowser(browser.Client);
        var tabB = new SessionBrowser(browser.Client);
        tabA.Cookies[".scs"] = tabB.Cookies[".scs"] = browser.Cookies[".scs"];

        var a = tabA.GetAsync("/count/gated/a");
        var b = tabB.PostAsync("/profile/gated/b/grace");
        await Task.Delay(100); // both have loaded the session
        _gate.Open("b");
        (await b).EnsureSuccessStatusCode();
        _gate.Open("a");
        (await a).EnsureSuccessStatusCode();

        Assert.Equal("2", await browser.GetStringAsync("/count/peek"));
        Assert.StartsWith("grace|", await browser.GetStringAsync("/profile"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_ids_that_are_cookie_values_never_reach_logs_or_events()
    {
        var logs = new ListLoggerProvider();
        await using var host = await SessionTestHost.StartAsync(
            app => Endpoints.Map(app),
            services: services =>
            {
                services.AddScSession().AddMemoryStore();
                services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            });
        var browser = host.NewBrowser();
        var cookies = new List<string>();
        await browser.GetStringAsync("/count");
        cookies.Add(browser.Cookies[".scs"]);
        (await browser.PostAsync("/renew")).EnsureSuccessStatusCode();
        cookies.Add(browser.Cookies[".scs"]);
        await browser.GetStringAsync("/count");
        (await browser.PostAsync("/logout")).EnsureSuccessStatusCode();

        var published = logs.Messages.Concat(host.Events.Saving.Select(e => e.SessionId))
            .Concat(host.Events.Renewed.Select(e => e.SessionId)).Concat(host.Events.Destroyed.Select(e => e.SessionId)).ToList();
        Assert.Contains(logs.Messages, m => m.Contains("renewed", StringComparison.Ordinal));
        Assert.All(cookies, cookie => Assert.DoesNotContain(published, p => p is not null && p.Contains(cookie, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_flood_of_anonymous_sessions_does_not_sign_out_a_user_of_a_full_store()
    {
        const int Capacity = 1_000;
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                Endpoints.Map(app);
                MapOwnerEndpoints(app);
            },
            services: services => services.AddScSession().AddMemoryStore(o => o.MaxSessions = Capacity));
        var store = (MemorySessionStore)host.App.Services.GetRequiredService<ISessionStore>();
        var user = host.NewBrowser();
        Assert.Equal("1", await user.GetStringAsync("/count"));
        (await user.PostAsync("/owner/ada")).EnsureSuccessStatusCode(); // signed in, on a later request

        // 10,000 clients without a cookie, each creating a session, a few at a time.
        var client = host.NewBrowser().Client; // used raw: it keeps no cookies
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= 10_000)
            {
                using var response = await client.GetAsync(new Uri("/count", UriKind.Relative));
                response.EnsureSuccessStatusCode();
            }
        })));
        var latecomer = host.NewBrowser();
        Assert.Equal("1", await latecomer.GetStringAsync("/count"));

        Assert.Equal(Capacity, store.Count);
        Assert.Equal("2", await user.GetStringAsync("/count"));
        Assert.Equal("1", await user.GetStringAsync("/owner/ada/sessions"));
        Assert.Equal("1", await latecomer.GetStringAsync("/count/peek"));
        Assert.Empty(host.Events.Rejected);
    }

    [Fact]
    public async Task Revoking_an_owner_ends_all_of_their_sessions_and_only_theirs()
    {
        var laptop = _host.NewBrowser();
        var phone = _host.NewBrowser();
        var other = _host.NewBrowser();
        foreach (var (browser, owner) in new[] { (laptop, "ada"), (phone, "ada"), (other, "bob") })
        {
            await browser.GetStringAsync("/count");
            (await browser.PostAsync($"/owner/{owner}")).EnsureSuccessStatusCode();
        }

        Assert.Equal("2", await laptop.GetStringAsync("/owner/ada/sessions"));
        (await laptop.PostAsync("/renew")).EnsureSuccessStatusCode(); // the renewed ID stays indexed, the old one does not
        Assert.Equal("2", await laptop.GetStringAsync("/owner/ada/sessions"));

        using var revoked = await other.PostAsync("/revoke/ada");
        Assert.Equal("2", await revoked.Content.ReadAsStringAsync());

        Assert.Equal("0", await laptop.GetStringAsync("/count/peek"));
        Assert.Equal("0", await phone.GetStringAsync("/count/peek"));
        Assert.Equal("1", await other.GetStringAsync("/count/peek"));
        Assert.Equal("0", await other.GetStringAsync("/owner/ada/sessions"));
    }

    [Fact]
    public async Task A_user_sees_their_sessions_by_the_id_their_requests_see_and_ends_one_but_no_one_elses()
    {
        var laptop = _host.NewBrowser();
        var phone = _host.NewBrowser();
        var other = _host.NewBrowser();
        foreach (var (browser, owner, device) in new[] { (laptop, "ada", "Firefox"), (phone, "ada", "Safari"), (other, "bob", "Edge") })
        {
            await browser.GetStringAsync("/count");
            (await browser.PostAsync($"/owner/{owner}?description={device}")).EnsureSuccessStatusCode();
        }

        var phoneId = await phone.GetStringAsync("/session-id");
        var otherId = await other.GetStringAsync("/session-id");
        var listed = (await laptop.GetStringAsync("/owner/ada/sessions/list")).Split('\n');
        Assert.Contains($"{phoneId} Safari", listed);
        Assert.Contains($"{await laptop.GetStringAsync("/session-id")} Firefox", listed);
        Assert.Equal(2, listed.Length);

        // Ada ends her phone's session from her laptop; an ID of Bob's session is refused.
        using (var refused = await laptop.PostAsync($"/revoke/ada/{otherId}"))
        {
            Assert.Equal("false", await refused.Content.ReadAsStringAsync());
        }

        using (var revoked = await laptop.PostAsync($"/revoke/ada/{phoneId}"))
        {
            Assert.Equal("true", await revoked.Content.ReadAsStringAsync());
        }

        Assert.Equal("0", await phone.GetStringAsync("/count/peek"));
        Assert.Equal("1", await laptop.GetStringAsync("/count/peek"));
        Assert.Equal("1", await other.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task A_description_longer_than_the_limit_is_refused_and_the_owner_is_not_set()
    {
        await using var host = await SessionTestHost.StartAsync(
            app => app.MapPost("/owner-with-long-description", async (HttpContext context) =>
            {
                var error = await Assert.ThrowsAsync<ArgumentException>(() => context.SetSessionOwnerAsync("ada", new string('x', OwnedSession.MaxDescriptionLength + 1)));
                await context.SetSessionOwnerAsync("bob", new string('y', OwnedSession.MaxDescriptionLength));
                return $"{error.ParamName} {await context.GetSessionOwnerAsync()}";
            }),
            services: services => services.AddScSession().AddMemoryStore());

        using var response = await host.NewBrowser().PostAsync("/owner-with-long-description");

        Assert.Equal("description bob", await response.Content.ReadAsStringAsync());
        var index = host.App.Services.GetRequiredService<ISessionOwnerIndex>();
        Assert.Empty(await index.GetOwnerSessionsAsync("ada"));
        Assert.Equal(OwnedSession.MaxDescriptionLength, Assert.Single(await index.GetOwnerSessionsAsync("bob")).Description!.Length);
    }

    [Fact]
    public async Task Changing_the_owner_moves_the_session_out_of_the_old_owners_reach()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");
        (await browser.PostAsync("/owner/ada")).EnsureSuccessStatusCode();
        (await browser.PostAsync("/owner/bob")).EnsureSuccessStatusCode();

        using var revoked = await browser.PostAsync("/revoke/ada");

        Assert.Equal("0", await revoked.Content.ReadAsStringAsync());
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Idle_session_expires_in_the_store_too()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");

        _host.Time.Advance(TimeSpan.FromMinutes(21));

        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        Assert.Contains(Assert.Single(_host.Events.Rejected).Reason, new[] { SessionRejectionReason.NotFound, SessionRejectionReason.ExpiredIdle });
    }

    [Fact]
    public async Task Read_only_requests_slide_the_idle_window_in_the_store()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");

        for (var i = 0; i < 4; i++)
        {
            _host.Time.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
        }

        Assert.Empty(_host.Events.Rejected);
    }
}

public sealed class DistributedCacheStoreTests
{
    [Fact]
    public async Task Sessions_live_in_the_registered_distributed_cache()
    {
        await using var host = await SessionTestHost.StartAsync(
            app => Endpoints.Map(app),
            services: services =>
            {
                services.AddDistributedMemoryCache();
                services.AddScSession().AddDistributedCacheStore();
            });
        var browser = host.NewBrowser();

        Assert.Equal("1", await browser.GetStringAsync("/count"));
        Assert.Equal("2", await browser.GetStringAsync("/count"));
        Assert.Equal(43, browser.Cookies[".scs"].Length);

        var old = browser.Cookies[".scs"];
        (await browser.PostAsync("/logout")).EnsureSuccessStatusCode();
        var replay = host.NewBrowser();
        replay.Cookies[".scs"] = old;
        Assert.Equal("0", await replay.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Without_a_distributed_cache_start_up_says_what_to_register()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SessionTestHost.StartAsync(
            app => Endpoints.Map(app),
            services: services => services.AddScSession().AddDistributedCacheStore()));

        Assert.Contains("needs an IDistributedCache", error.Message, StringComparison.Ordinal);
    }
}
