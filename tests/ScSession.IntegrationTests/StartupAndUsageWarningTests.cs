using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ScSession.IntegrationTests;

/// <summary>Mistakes that make sessions silently do nothing are logged as warnings that say how to fix them.</summary>
public sealed class StartupAndUsageWarningTests
{
    private static async Task<(WebApplication App, ListLoggerProvider Logs)> StartAsync(string environment, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var logs = new ListLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.Services.AddScSession(o => o.SecretKey = null);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseScSession();
        Endpoints.Map(app);
        app.MapPost("/nothing-stored", (NothingStoredSession model) => model.Name = "lost");
        await app.StartAsync();
        return (app, logs);
    }

    private static IReadOnlyList<LogEntry> ScSessionWarnings(ListLoggerProvider logs)
        => [.. logs.Entries.Where(e => e.Category == "ScSession" && e.Level == LogLevel.Warning)];

    [Fact]
    public async Task Data_Protection_without_a_shared_key_ring_outside_Development_is_a_warning_that_says_what_to_do()
    {
        var (app, logs) = await StartAsync(Environments.Production);
        await using var _ = app;

        var warning = Assert.Single(ScSessionWarnings(logs));
        Assert.Contains("no Data Protection key ring is configured", warning.Message, StringComparison.Ordinal);
        Assert.Contains("PersistKeysTo", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_that_cannot_check_concurrent_changes_is_a_warning_once_at_start_up_unless_last_write_wins_is_chosen()
    {
        var (app, logs) = await StartAsync(Environments.Development, s =>
        {
            s.AddDistributedMemoryCache();
            s.AddScSession().AddDistributedCacheStore();
        });
        await using (app)
        {
            var warning = Assert.Single(ScSessionWarnings(logs));
            Assert.Equal("StoreIsLastWriteWins", warning.EventId.Name);
            Assert.Contains("DistributedCacheSessionStore keeps no section versions", warning.Message, StringComparison.Ordinal);
            Assert.Contains("DefaultConcurrency = SessionConcurrency.LastWriteWins", warning.Message, StringComparison.Ordinal);
        }

        var (chosen, chosenLogs) = await StartAsync(Environments.Development, s =>
        {
            s.AddDistributedMemoryCache();
            s.AddScSession(o => o.DefaultConcurrency = SessionConcurrency.LastWriteWins).AddDistributedCacheStore();
        });
        await using (chosen)
        {
            Assert.Empty(ScSessionWarnings(chosenLogs));
        }
    }

    [Fact]
    public async Task A_concurrency_the_store_cannot_honour_fails_at_start_up_saying_what_to_do()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(Environments.Development, s =>
            s.AddScSession(o => o.DefaultConcurrency = SessionConcurrency.Optimistic)));

        Assert.Contains("DefaultConcurrency is Optimistic", error.Message, StringComparison.Ordinal);
        Assert.Contains("Use a server store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exclusive_default_on_a_store_without_leases_fails_at_start_up_saying_which_stores_can()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(Environments.Development, s =>
        {
            s.AddDistributedMemoryCache();
            s.AddScSession(o => o.DefaultConcurrency = SessionConcurrency.Exclusive).AddDistributedCacheStore();
        }));

        Assert.Contains("DefaultConcurrency is Exclusive", error.Message, StringComparison.Ordinal);
        Assert.Contains("DistributedCacheSessionStore cannot lease a model", error.Message, StringComparison.Ordinal);
        Assert.Contains("memory, Redis or PostgreSQL store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_Protection_with_a_persisted_key_ring_or_in_Development_is_information()
    {
        var folder = Directory.CreateTempSubdirectory("scsession-keys-");
        try
        {
            var (persisted, persistedLogs) = await StartAsync(Environments.Production, s => s.AddDataProtection().PersistKeysToFileSystem(folder));
            await using (persisted)
            {
                Assert.Empty(ScSessionWarnings(persistedLogs));
                Assert.Contains(persistedLogs.Entries, e => e.EventId.Name == "UsingDataProtection" && e.Level == LogLevel.Information);
            }

            var (development, developmentLogs) = await StartAsync(Environments.Development);
            await using (development)
            {
                Assert.Empty(ScSessionWarnings(developmentLogs));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_Secure_cookie_over_plain_HTTP_to_another_host_is_a_warning_once()
    {
        var (app, logs) = await StartAsync(Environments.Development);
        await using var _ = app;
        var local = new SessionBrowser(app.GetTestClient()); // http://localhost: browsers keep Secure cookies from it
        await local.GetStringAsync("/count");
        Assert.Empty(ScSessionWarnings(logs));

        foreach (var host in new[] { "shop.example", "other.example", "shop.example" })
        {
            var client = app.GetTestClient();
            client.BaseAddress = new Uri("http://" + host);
            await new SessionBrowser(client).GetStringAsync("/count");
        }

        var warning = Assert.Single(ScSessionWarnings(logs));
        Assert.Contains("plain HTTP", warning.Message, StringComparison.Ordinal);
        Assert.Contains("UseForwardedHeaders", warning.Message, StringComparison.Ordinal);

        var proxied = app.GetTestClient();
        proxied.BaseAddress = new Uri("http://proxied.example");
        proxied.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https"); // TLS ended at a proxy: the browser keeps the cookie
        await new SessionBrowser(proxied).GetStringAsync("/count");

        var https = app.GetTestClient();
        https.BaseAddress = new Uri("https://shop.example");
        await new SessionBrowser(https).GetStringAsync("/count");
        Assert.Single(ScSessionWarnings(logs));
    }

    [Fact]
    public async Task A_model_that_stores_nothing_is_a_warning_once_when_first_used()
    {
        var (app, logs) = await StartAsync(Environments.Development);
        await using var _ = app;
        var browser = new SessionBrowser(app.GetTestClient());

        (await browser.PostAsync("/nothing-stored")).Dispose();
        (await browser.PostAsync("/nothing-stored")).Dispose();
        await browser.GetStringAsync("/count"); // a model with fields: no warning

        var warning = Assert.Single(ScSessionWarnings(logs));
        Assert.Contains(typeof(NothingStoredSession).FullName!, warning.Message, StringComparison.Ordinal);
        Assert.Contains("SCSN0007", warning.Message, StringComparison.Ordinal);
    }
}
