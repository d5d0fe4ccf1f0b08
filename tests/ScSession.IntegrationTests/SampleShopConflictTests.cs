using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

/// <summary>The sample shop on a server store answers a concurrent change with a 409 problem response.</summary>
public sealed class SampleShopConflictTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task A_change_another_tab_saved_first_is_answered_409_and_not_saved()
    {
        var store = new AnotherTabSavesFirst(new MemorySessionStore(TimeProvider.System, new MemorySessionStoreOptions()));
        var app = factory.WithWebHostBuilder(b => b.ConfigureServices(services => services.AddSingleton<ISessionStore>(store)));
        var browser = new SessionBrowser(app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        }));
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/theme/Dark")).StatusCode);

        store.NextCheckedSaveLosesTheRace = true;
        var response = await browser.PostAsync("/api/theme/Light");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.Equal("Changed in another tab", problem!["title"].ToString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("Exclusive", 50)] // every parallel add kept
    [InlineData("Optimistic", 50)] // each add kept or answered 409 (whether they collide depends on timing here; ConcurrencyTests forces it)
    public async Task The_carts_json_api_keeps_or_reports_every_parallel_add_under_the_configured_policy(string policy, int parallel)
    {
        var app = factory.WithWebHostBuilder(b => b
            .UseSetting("ScSession:Store", "memory")
            .UseSetting("ScSession:DefaultConcurrency", policy)
            .UseSetting("ScSession:ExclusiveWaitTimeout", "00:01:00"));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        var browser = new SessionBrowser(client);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync("/api/cart/MUG-01")).StatusCode);

        var responses = await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ =>
        {
            var tab = new SessionBrowser(client);
            tab.Cookies[".scs"] = browser.Cookies[".scs"];
            return tab.PostAsync("/api/cart/TEA-01");
        }));

        var added = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var refused = responses.Count(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal(parallel, added + refused);
        if (policy == "Exclusive")
        {
            Assert.Equal(0, refused);
        }

        Assert.Equal($$"""[{"sku":"MUG-01","quantity":1},{"sku":"TEA-01","quantity":{{added}}}]""", await browser.GetStringAsync("/api/cart"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync("/api/cart/NOPE-1")).StatusCode);
    }

    /// <summary>
    /// The real memory store, with another tab's save of the same sections slipped in just before the next checked
    /// save: the conflict the store then reports is a real one.
    /// </summary>
    private sealed class AnotherTabSavesFirst(MemorySessionStore inner) : ISessionStore
    {
        public bool NextCheckedSaveLosesTheRace { get; set; }

        public bool SupportsOptimisticConcurrency => inner.SupportsOptimisticConcurrency;

        public ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken) => inner.LoadAsync(key, cancellationToken);

        public async ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken)
        {
            if (NextCheckedSaveLosesTheRace && write.ExpectedVersions is { Count: > 0 })
            {
                NextCheckedSaveLosesTheRace = false;
                var otherTab = new SessionWrite(false, write.CreatedAt, write.LastSeenAt, write.TimeToLive, write.ChangedSections, write.OwnerId, write.Description);
                await inner.SaveAsync(key, otherTab, cancellationToken);
            }

            await inner.SaveAsync(key, write, cancellationToken);
        }

        public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken) => inner.RenewAsync(oldKey, newKey, write, cancellationToken);

        public ValueTask DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken) => inner.TouchAsync(key, lastSeenAt, timeToLive, cancellationToken);
    }
}
