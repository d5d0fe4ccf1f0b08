using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ScSession.Postgres.Tests;

/// <summary>"Remember me" on PostgreSQL: the row's <c>expires_at</c> follows the session's own window, on a fake clock.</summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class PostgresRememberMeTests(PostgresServerFixture server) : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly string _prefix = "r" + Guid.NewGuid().ToString("N")[..10] + "_";
    private readonly FakeTimeProvider _time = new(s_start);
    private readonly List<SessionRejectionReason> _rejected = [];
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddScSession(o =>
        {
            o.SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            o.IdleTimeout = TimeSpan.FromMinutes(20);
            o.AbsoluteTimeout = TimeSpan.FromHours(1);
            o.RememberedIdleTimeout = TimeSpan.FromDays(7);
            o.RememberedAbsoluteTimeout = TimeSpan.FromDays(30);
            o.Events.OnRejected = c => { _rejected.Add(c.Reason); return Task.CompletedTask; };
        }).AddPostgresStore(server.ConnectionString, o => o.TablePrefix = _prefix);

        _app = builder.Build();
        _app.UseScSession();
        _app.MapGet("/count", (CounterSession counter) => ++counter.Count);
        _app.MapGet("/count/peek", (CounterSession counter) => counter.Count);
        _app.MapPost("/remember/{persistent:bool}", (bool persistent, HttpContext context, CounterSession counter) =>
        {
            counter.Count++;
            context.SetSessionPersistent(persistent);
            return context.Session.Id;
        });
        _app.MapPost("/renew", async (HttpContext context) =>
        {
            await context.RenewSessionAsync();
            return context.Session.Id;
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private SessionBrowser NewBrowser() => new(_app.GetTestClient());

    private static async Task<string> PostForIdAsync(SessionBrowser browser, string path)
    {
        using var response = await browser.PostAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync()).Trim('"');
    }

    private async Task<DateTimeOffset> ExpiresAtAsync(string publicId)
    {
        await using var command = server.DataSource.CreateCommand($"SELECT expires_at FROM \"{_prefix}sessions\" WHERE key = $1");
        command.Parameters.AddWithValue(publicId);
        var value = await command.ExecuteScalarAsync();
        return value is DateTime utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : throw new InvalidOperationException($"No session row for {publicId}.");
    }

    [Fact]
    public async Task Expires_at_follows_the_remembered_window_across_renewal()
    {
        var browser = NewBrowser();
        var id = await PostForIdAsync(browser, "/remember/true");
        Assert.Equal(s_start + TimeSpan.FromDays(7), await ExpiresAtAsync(id));

        // Two hours later (past both normal windows) the session still loads, and renewal keeps its window.
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
        var renewed = await PostForIdAsync(browser, "/renew");
        Assert.NotEqual(id, renewed);
        Assert.Equal(s_start + TimeSpan.FromHours(2) + TimeSpan.FromDays(7), await ExpiresAtAsync(renewed));
        Assert.Empty(_rejected);
    }

    [Fact]
    public async Task Expires_at_follows_the_normal_window_when_not_remembered_and_after_switching()
    {
        var browser = NewBrowser();
        var id = await PostForIdAsync(browser, "/remember/false");
        Assert.Equal(s_start + TimeSpan.FromMinutes(20), await ExpiresAtAsync(id));

        // Remembered now: the same row gets the remembered window.
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(id, await PostForIdAsync(browser, "/remember/true"));
        Assert.Equal(s_start + TimeSpan.FromMinutes(5) + TimeSpan.FromDays(7), await ExpiresAtAsync(id));

        // And not remembered again: back to the normal idle window, from this request.
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(id, await PostForIdAsync(browser, "/remember/false"));
        Assert.Equal(s_start + TimeSpan.FromMinutes(30), await ExpiresAtAsync(id));

        _time.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal("0", await browser.GetStringAsync("/count/peek"));
        Assert.Single(_rejected);
    }
}
