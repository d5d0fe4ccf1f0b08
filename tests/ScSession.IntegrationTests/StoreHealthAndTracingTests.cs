using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ScSession.IntegrationTests;

/// <summary>
/// Operations (issue 15): the store's health check in <c>AddHealthChecks()</c>.
/// </summary>
public sealed class StoreHealthTests
{
    internal static Task<SessionTestHost> StartAsync(ISessionStore? store, TimeSpan? storeTimeout = null) => SessionTestHost.StartAsync(
        app =>
        {
            app.MapHealthChecks("/health");
            app.MapPost("/count", (CounterSession counter) => ++counter.Count);
        },
        configure: options => options.StoreTimeout = storeTimeout ?? options.StoreTimeout,
        services: services =>
        {
            if (store is not null)
            {
                services.AddSingleton(store);
            }

            services.AddHealthChecks().AddScSessionStore(tags: ["ready"]);
        });

    private static async Task<HealthReportEntry> CheckAsync(SessionTestHost host)
        => (await host.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["scsession-store"];

    [Fact]
    public async Task A_store_that_answers_is_healthy_and_the_endpoint_says_so()
    {
        await using var host = await StartAsync(new MemorySessionStore(TimeProvider.System, new MemorySessionStoreOptions()));

        var response = await host.NewBrowser().GetAsync("/health");
        var entry = await CheckAsync(host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("MemorySessionStore", entry.Data["store"]);
        Assert.Contains(entry.Tags, t => t == "ready");
    }

    [Fact]
    public async Task A_store_that_fails_is_unhealthy_with_its_own_error_and_a_503()
    {
        await using var host = await StartAsync(new ScriptedStore { Load = _ => throw new IOException("connection refused (127.0.0.1:6390)") });

        var response = await host.NewBrowser().GetAsync("/health");
        var entry = await CheckAsync(host);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("Session store ScriptedStore: could not load a session: connection refused", entry.Description, StringComparison.Ordinal);
        Assert.IsType<IOException>(Assert.IsType<SessionStoreException>(entry.Exception).InnerException);
    }

    [Fact]
    public async Task A_store_that_never_answers_is_unhealthy_after_the_store_timeout()
    {
        await using var host = await StartAsync(new ScriptedStore { Load = token => Task.Delay(Timeout.Infinite, token) }, TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("timed out after 0.3 s", entry.Description, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the check took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_store_that_answers_slower_than_half_the_timeout_is_degraded()
    {
        await using var host = await StartAsync(new ScriptedStore { Load = token => Task.Delay(700, token) }, TimeSpan.FromSeconds(1));

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("more than half of ScSession:StoreTimeout (1 s)", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookie_store_is_healthy_with_nothing_to_check()
    {
        await using var host = await StartAsync(store: null);

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Contains("no session store to check", entry.Description, StringComparison.Ordinal);
    }

    /// <summary>A store whose load does what the test says (throw, hang, wait); it is only ever loaded from.</summary>
    internal sealed class ScriptedStore : ISessionStore
    {
        public required Func<CancellationToken, Task> Load { get; init; }

        public async ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken)
        {
            await Load(cancellationToken);
            return null;
        }

        public ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DeleteAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

/// <summary>
/// Operations (issue 15): a span per store operation on the <c>ScSession</c> activity source, inside the request's own.
/// Not run beside other tests: an activity listener hears every host in the process.
/// </summary>
[Collection(nameof(StoreTracingTests))]
public sealed class StoreTracingTests
{
    [Fact]
    public async Task Each_store_operation_is_a_span_inside_the_requests_own()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = Listen(spans);
        await using var host = await StoreHealthTests.StartAsync(new MemorySessionStore(TimeProvider.System, new MemorySessionStoreOptions()));
        var browser = host.NewBrowser();
        await browser.PostAsync("/count"); // new session: a save
        spans.Clear();

        (await browser.PostAsync("/count")).EnsureSuccessStatusCode(); // a load and a save

        var request = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore");
        var store = spans.Where(s => s.Source.Name == "ScSession").ToList();
        Assert.Equal(["ScSession load", "ScSession save"], store.Select(s => s.DisplayName));
        Assert.All(store, s =>
        {
            Assert.Equal(ActivityKind.Client, s.Kind);
            Assert.Equal(request.SpanId, s.ParentSpanId);
            Assert.Equal("MemorySessionStore", s.GetTagItem("scsession.store"));
            Assert.Equal(ActivityStatusCode.Unset, s.Status);
        });
    }

    [Fact]
    public async Task A_failed_store_operation_is_a_failed_span_with_the_exception()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = Listen(spans);
        await using var host = await StoreHealthTests.StartAsync(new StoreHealthTests.ScriptedStore { Load = _ => throw new IOException("connection reset") });

        await host.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var span = Assert.Single(spans, s => s.Source.Name == "ScSession");
        Assert.Equal("ScSession load", span.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains(span.Events, e => e.Name == "exception");
    }

    private static ActivityListener Listen(ConcurrentQueue<Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "ScSession" or "Microsoft.AspNetCore",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

}

[CollectionDefinition(nameof(StoreTracingTests), DisableParallelization = true)]
public sealed class StoreTracingCollection;
