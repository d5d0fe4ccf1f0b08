using System.Buffers;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

/// <summary>
/// Found in the review of issue 14 (exclusive models, held bytes): each test states a promise of the README or of the
/// code's own comments; each failed before its fix. The store is the memory store behind a wrapper whose lease
/// take, load and save can be slowed or made to fail, as a network store's can.
/// </summary>
public sealed class ExclusiveReviewTests
{
    private readonly HookedStore _store = new();
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _aHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _bHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task<SessionTestHost> StartAsync(Action<ScSessionOptions>? configure = null) => SessionTestHost.StartAsync(
        app =>
        {
            app.MapGet("/visits", (CounterSession counter) => string.Join(',', counter.Visits));
            app.MapPost("/visits/{visit}", (string visit, CounterSession counter) =>
            {
                counter.Visits.Add(visit);
                return Results.NoContent();
            });
            app.MapPost("/slow/{visit}", async (string visit, CounterSession counter) =>
            {
                await Task.Delay(700);
                counter.Visits.Add(visit);
                return Results.NoContent();
            });
            app.MapPost("/retry/{visit}", async (string visit, HttpContext context) =>
            {
                CounterSession counter;
                try
                {
                    counter = await context.GetSessionAsync<CounterSession>();
                }
                catch (SessionStoreException)
                {
                    counter = await context.GetSessionAsync<CounterSession>(); // a transient store error, tried again
                }

                counter.Visits.Add(visit);
                return Results.NoContent();
            });
            app.MapPost("/write-then-throw", async (HttpContext context, CounterSession counter) =>
            {
                counter.Visits.Add("failed-request");
                _holding.TrySetResult();
                await _gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
                context.Response.BodyWriter.GetSpan(1); // starts the (slow) save; nothing is sent yet
                throw new InvalidOperationException("the endpoint failed after it began writing");
            });
            app.MapPost("/login", async (HttpContext context, CounterSession counter) =>
            {
                counter.Visits.Add("login");
                await context.RenewSessionAsync();
                _holding.TrySetResult();
                await _gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
                return Results.NoContent();
            });
            app.MapPost("/counter-then-theme", async (HttpContext context) =>
            {
                var counter = await context.GetSessionAsync<CounterSession>();
                _aHeld.TrySetResult();
                await _bHeld.Task.WaitAsync(TimeSpan.FromSeconds(30));
                var profile = await context.GetSessionAsync<ProfileSession>();
                counter.Visits.Add("ab");
                profile.Name = "ab";
                return Results.NoContent();
            });
            app.MapPost("/theme-then-counter", async (HttpContext context) =>
            {
                var profile = await context.GetSessionAsync<ProfileSession>();
                _bHeld.TrySetResult();
                await _aHeld.Task.WaitAsync(TimeSpan.FromSeconds(30));
                var counter = await context.GetSessionAsync<CounterSession>();
                counter.Visits.Add("ba");
                profile.Name = "ba";
                return Results.NoContent();
            });
        },
        configure: options =>
        {
            options.DefaultConcurrency = SessionConcurrency.Exclusive;
            options.ExclusiveWaitTimeout = TimeSpan.FromSeconds(1);
            configure?.Invoke(options);
        },
        services: services =>
        {
            services.AddScSession().AddStore(_ => _store);
            services.AddProblemDetails();
        },
        beforeSession: app => app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is SessionConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status500InternalServerError,
        }));

    /// <summary>
    /// The store took the lease, but its answer came after StoreTimeout (a Redis reply delayed on the network, a
    /// PostgreSQL commit whose acknowledgement was late): the guard reports a timeout, and the lease the store holds
    /// for this request's token must still be released: otherwise it blocks the model for ExclusiveLeaseDuration
    /// (30 s), far past ExclusiveWaitTimeout: every request of the session that wants the model fails with 409 meanwhile.
    /// </summary>
    [Fact]
    public async Task A_lease_the_store_took_after_the_store_timeout_is_released()
    {
        await using var host = await StartAsync(o => o.StoreTimeout = TimeSpan.FromMilliseconds(200));
        var browser = host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();

        _store.AfterTake = _ => Task.Delay(500); // taken in the store, answered late
        Assert.Equal(HttpStatusCode.InternalServerError, (await Tab(browser).PostAsync("/visits/late")).StatusCode);
        await Task.Delay(600);

        var next = await Tab(browser).PostAsync("/visits/next");
        Assert.Equal(0, _store.Inner.LeaseCount); // a take whose answer was lost is released too
        Assert.Equal(HttpStatusCode.NoContent, next.StatusCode);
    }

    /// <summary>
    /// The same with a client that goes away while the take's answer is on its way (the store call honours its token,
    /// as real I/O does): the OperationCanceledException goes up, the lease stays in the store.
    /// </summary>
    [Fact]
    public async Task A_lease_taken_while_the_client_went_away_is_released()
    {
        await using var host = await StartAsync();
        var browser = host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();

        var took = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.AfterTakeWithToken = async token =>
        {
            took.TrySetResult();
            await Task.Delay(Timeout.Infinite, token); // the reply is still on the wire
        };
        using (var gone = new CancellationTokenSource())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/visits/gone");
            request.Headers.Add("Cookie", ".scs=" + browser.Cookies[".scs"]);
            var pending = browser.Client.SendAsync(request, gone.Token);
            await took.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await gone.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }

        await Task.Delay(300);
        Assert.Equal(0, _store.Inner.LeaseCount); // released though the client went away
    }

    /// <summary>
    /// The lease was taken, then the reload under it failed (a transient store error). The app tries again (or an error
    /// page inside UseScSession() reads the model): the take is tried again with the same token, so the request does not
    /// wait for its own lease (with a new token it waited until ExclusiveWaitTimeout and failed with 409).
    /// </summary>
    [Fact]
    public async Task A_request_whose_reload_under_the_lease_failed_does_not_wait_for_its_own_lease()
    {
        await using var host = await StartAsync();
        var browser = host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();

        _store.FailReloadAfterNextTake = true;
        var watch = Stopwatch.StartNew();
        var response = await Tab(browser).PostAsync("/retry/again");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode); // the retried take reuses its token: no wait for itself
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(900), $"waited {watch.Elapsed} for a lease it held itself");
    }

    /// <summary>
    /// Two requests that take two exclusive models in opposite orders would wait for each other until
    /// ExclusiveWaitTimeout. The one that would wait for a model sorting before one it holds gives up at once instead
    /// (409, logged), and the other goes on and is kept.
    /// </summary>
    [Fact]
    public async Task Two_requests_taking_two_exclusive_models_in_opposite_orders_do_not_wait_for_each_other()
    {
        await using var host = await StartAsync();
        var browser = host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();
        var watch = Stopwatch.StartNew();

        var responses = await Task.WhenAll(Tab(browser).PostAsync("/counter-then-theme"), Tab(browser).PostAsync("/theme-then-counter"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}: they waited for each other");
        Assert.Equal(HttpStatusCode.NoContent, responses[0].StatusCode); // holds "CounterSession", waits for "profile", which sorts after it
        Assert.Equal(HttpStatusCode.Conflict, responses[1].StatusCode); // holds "profile", asks for "CounterSession": gives up at once
        Assert.Equal("start,ab", await browser.GetStringAsync("/visits"));
    }

    /// <summary>
    /// The endpoint began writing (the save started and waits on a slow store), then threw. The lease must stay held
    /// until that save is done: released earlier, the request waiting for the model would read the session as it was
    /// and its own save would collide with the late one (409). (The failed request's change is saved: its save had
    /// started before it threw.)
    /// </summary>
    [Fact]
    public async Task A_lease_is_not_released_while_its_request_still_saves()
    {
        // A wait timeout well above the 0.5 s the failed request holds the lease: this test is about the order, not the timeout.
        await using var host = await StartAsync(o => o.ExclusiveWaitTimeout = TimeSpan.FromSeconds(15));
        var browser = host.NewBrowser();
        (await browser.PostAsync("/visits/start")).EnsureSuccessStatusCode();

        _store.DelayNextSave = TimeSpan.FromMilliseconds(300);
        var failing = Tab(browser).PostAsync("/write-then-throw");
        await _holding.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var next = Tab(browser).PostAsync("/slow/next"); // waits for the lease; gets it while the failed request still saves
        await Task.Delay(200);
        _gate.TrySetResult();

        Assert.Equal(HttpStatusCode.InternalServerError, (await failing).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await next).StatusCode); // it read the late save under the lease
    }

    /// <summary>Another tab of the same browser: same session cookie, its own request.</summary>
    private static SessionBrowser Tab(SessionBrowser browser)
    {
        var tab = new SessionBrowser(browser.Client);
        tab.Cookies[".scs"] = browser.Cookies[".scs"];
        return tab;
    }

    /// <summary>The memory store, whose lease takes, reloads and saves can be slowed or failed once.</summary>
    private sealed class HookedStore : ISessionStore, ISessionLeaseStore
    {
        private bool _failNextLoad;

        public MemorySessionStore Inner { get; } = new(TimeProvider.System, new MemorySessionStoreOptions());

        public Func<string, Task>? AfterTake { get; set; }

        public Func<CancellationToken, Task>? AfterTakeWithToken { get; set; }

        public bool FailReloadAfterNextTake { get; set; }

        public TimeSpan? DelayNextSave { get; set; }

        public bool SupportsOptimisticConcurrency => true;

        public ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken)
        {
            if (_failNextLoad)
            {
                _failNextLoad = false;
                throw new IOException("a transient store error");
            }

            return Inner.LoadAsync(key, cancellationToken);
        }

        public async ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken)
        {
            if (DelayNextSave is { } delay)
            {
                DelayNextSave = null;
                await Task.Delay(delay, CancellationToken.None);
            }

            await Inner.SaveAsync(key, write, cancellationToken);
        }

        public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken) => Inner.RenewAsync(oldKey, newKey, write, cancellationToken);

        public ValueTask DeleteAsync(string key, CancellationToken cancellationToken) => Inner.DeleteAsync(key, cancellationToken);

        public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken) => Inner.TouchAsync(key, lastSeenAt, timeToLive, cancellationToken);

        public async ValueTask<bool> TryAcquireLeaseAsync(string key, string section, string token, TimeSpan duration, CancellationToken cancellationToken)
        {
            var took = await Inner.TryAcquireLeaseAsync(key, section, token, duration, cancellationToken);
            if (took && FailReloadAfterNextTake)
            {
                FailReloadAfterNextTake = false;
                _failNextLoad = true;
            }

            if (took && AfterTake is { } after)
            {
                AfterTake = null;
                await after(section);
            }

            if (took && AfterTakeWithToken is { } afterWithToken)
            {
                AfterTakeWithToken = null;
                await afterWithToken(cancellationToken);
            }

            return took;
        }

        public ValueTask ReleaseLeaseAsync(string key, string section, string token, CancellationToken cancellationToken) => Inner.ReleaseLeaseAsync(key, section, token, cancellationToken);

        public ValueTask WaitForLeaseReleaseAsync(string key, string section, TimeSpan delay, CancellationToken cancellationToken) => Inner.WaitForLeaseReleaseAsync(key, section, delay, cancellationToken);
    }
}

/// <summary>
/// Held bytes and an exception handler inside UseScSession() (README: "Error handling works before or after
/// UseScSession()"): the endpoint wrote while the save waited, then threw. Response.Clear() cannot clear the bytes
/// the body writer holds (its stream cannot seek), so they go out in front of the error page once the save is done.
/// </summary>
public sealed class HeldBytesBeforeInnerErrorPageTests
{
    [Fact]
    public async Task Bytes_a_failed_endpoint_wrote_while_the_save_waited_do_not_prefix_the_error_page()
    {
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = context => context.Response.WriteAsync("error page") });
                app.MapGet("/partial-then-throw", (HttpContext context, CounterSession counter) =>
                {
                    counter.Count = 9;
                    context.Response.BodyWriter.Write("{\"secret\":"u8); // held: the save waits
                    throw new InvalidOperationException("the endpoint failed half-way");
                });
            },
            configure: options => options.Events.OnSaving = async _ => await Task.Delay(50)); // a save that has to wait

        var response = await host.NewBrowser().GetAsync("/partial-then-throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("error page", await response.Content.ReadAsStringAsync()); // the failed endpoint's held bytes were dropped
    }
}

/// <summary>
/// Synchronous access (HttpContext.Session) to an exclusive section never blocks a thread waiting for another request:
/// a thread blocked per waiting request starved the thread pool (the review measured requests giving up after 67 s with
/// a 10 s timeout). A synchronous use of a held section fails at once; taken asynchronously first, every change waits
/// its turn and is kept, within the timeout.
/// </summary>
[Collection(nameof(SynchronousExclusiveStarvationTests))]
public sealed class SynchronousExclusiveStarvationTests
{
    private const int Parallel = 80;

    private static Task<SessionTestHost> StartAsync(bool loadFirst) => SessionTestHost.StartAsync(
        app =>
        {
            app.MapPost("/log/{entry}", async (string entry, HttpContext context) =>
            {
                if (loadFirst)
                {
                    await context.Session.LoadAsync(); // takes the $session lease asynchronously: waits without a thread
                }

                var log = context.Session.GetString("log");
                await Task.Delay(5); // the holder works asynchronously: its continuation needs a pool thread
                context.Session.SetString("log", log is null ? entry : log + "," + entry);
            });
            app.MapGet("/log", async (HttpContext context) =>
            {
                await context.Session.LoadAsync();
                return context.Session.GetString("log") ?? "";
            });
        },
        configure: options =>
        {
            options.DefaultConcurrency = SessionConcurrency.Exclusive;
            options.ExclusiveWaitTimeout = TimeSpan.FromSeconds(10);
        },
        services: services =>
        {
            services.AddScSession().AddMemoryStore();
            services.AddProblemDetails();
        },
        beforeSession: app => app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is SessionConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status500InternalServerError,
        }));

    private static async Task<(HttpResponseMessage[] Responses, TimeSpan Took, string[] Kept)> RunAsync(SessionTestHost host)
    {
        var browser = host.NewBrowser();
        (await browser.PostAsync("/log/start")).EnsureSuccessStatusCode();
        var watch = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i =>
        {
            var tab = new SessionBrowser(browser.Client);
            tab.Cookies[".scs"] = browser.Cookies[".scs"];
            return tab.PostAsync($"/log/{i}");
        }));
        var took = watch.Elapsed;
        return (responses, took, (await browser.GetStringAsync("/log")).Split(','));
    }

    [Fact]
    public async Task Synchronous_uses_of_a_held_exclusive_section_fail_at_once_instead_of_blocking_threads()
    {
        await using var host = await StartAsync(loadFirst: false);

        var (responses, took, kept) = await RunAsync(host);

        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}: synchronous uses waited");
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        var saved = responses.Select((r, i) => (r.StatusCode, Entry: i.ToString())).Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.Entry);
        Assert.Equal(saved.Prepend("start").Order(), kept.Order()); // every answered change kept, and only those
    }

    [Fact]
    public async Task Taken_asynchronously_first_every_change_waits_its_turn_and_is_kept()
    {
        await using var host = await StartAsync(loadFirst: true);

        var (responses, took, kept) = await RunAsync(host);

        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}");
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(Enumerable.Range(0, Parallel).Select(i => i.ToString()).Prepend("start").Order(), kept.Order());
    }
}

[CollectionDefinition(nameof(SynchronousExclusiveStarvationTests), DisableParallelization = true)]
public sealed class SynchronousExclusiveStarvationCollection;
