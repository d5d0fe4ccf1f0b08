using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ScSession.TestSupport;

namespace ScSession.Postgres.Tests;

/// <summary><c>OnExpired</c> on a real PostgreSQL: from the load that meets an expired row, and from the cleanup.</summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class PostgresExpiryEventTests(PostgresServerFixture server)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly string _prefix = "x" + Guid.NewGuid().ToString("N")[..10] + "_";

    private Task<ExpiryTestApp> StartAsync(Func<ScSessionExpiredContext, bool>? throwFor = null)
        => ExpiryTestApp.StartAsync(
            _time,
            idle: TimeSpan.FromMinutes(20),
            absolute: TimeSpan.FromMinutes(30),
            b => b.AddPostgresStore(server.ConnectionString, o =>
            {
                o.TablePrefix = _prefix;
                o.CleanupInterval = Timeout.InfiniteTimeSpan; // the tests run the cleanup themselves
            }),
            throwFor);

    [Fact]
    public async Task A_request_that_brings_an_idle_expired_session_raises_OnExpired_with_its_id_owner_and_reason()
    {
        await using var app = await StartAsync();
        var browser = app.NewBrowser();
        var id = await (await browser.PostAsync("/login/ada")).Content.ReadAsStringAsync();

        _time.Advance(TimeSpan.FromMinutes(21));
        var newId = await browser.GetStringAsync("/touch"); // loads: the row is expired, deleted and reported

        var expired = await app.NextExpiredAsync();
        Assert.Equal(id, expired.SessionId);
        Assert.Equal("ada", expired.OwnerId);
        Assert.Equal(SessionExpiryReason.Idle, expired.Reason);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromMinutes(1), expired.ExpiredAt);
        Assert.NotEqual(id, newId);
        Assert.NotNull(expired.Services.GetService<ISessionStore>());

        // The row is gone: the cleanup has nothing more to report.
        Assert.Equal(0, await app.App.Services.GetRequiredService<PostgresSessionStore>().DeleteExpiredAsync(default));
        Assert.True(await app.NoMoreExpiredAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task The_cleanup_reports_sessions_never_seen_again_idle_and_absolute()
    {
        await using var app = await StartAsync();
        var idle = app.NewBrowser();
        var idleId = await (await idle.PostAsync("/login/ada")).Content.ReadAsStringAsync();
        var busy = app.NewBrowser();
        var busyId = await (await busy.PostAsync("/login/grace")).Content.ReadAsStringAsync();
        var anonymous = app.NewBrowser();
        var anonymousId = await anonymous.GetStringAsync("/touch");

        // busy is used every 10 minutes, so only its absolute timeout (30 min) ends it; the others go idle at 20 min.
        for (var i = 0; i < 2; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(busyId, await busy.GetStringAsync("/touch"));
        }

        _time.Advance(TimeSpan.FromMinutes(10).Add(TimeSpan.FromSeconds(1)));
        var store = app.App.Services.GetRequiredService<PostgresSessionStore>();
        Assert.Equal(3, await store.DeleteExpiredAsync(default));

        var seen = new[] { await app.NextExpiredAsync(), await app.NextExpiredAsync(), await app.NextExpiredAsync() }.ToDictionary(e => e.SessionId);
        Assert.Equal(("ada", SessionExpiryReason.Idle), (seen[idleId].OwnerId, seen[idleId].Reason));
        Assert.Equal(("grace", SessionExpiryReason.Absolute), (seen[busyId].OwnerId, seen[busyId].Reason));
        Assert.Equal(seen[busyId].CreatedAt + TimeSpan.FromMinutes(30), seen[busyId].ExpiredAt);
        Assert.Equal(((string?)null, SessionExpiryReason.Idle), (seen[anonymousId].OwnerId, seen[anonymousId].Reason));
        Assert.True(await app.NoMoreExpiredAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task The_background_cleanup_raises_OnExpired_on_its_timer()
    {
        await using var app = await ExpiryTestApp.StartAsync(
            _time,
            TimeSpan.FromMinutes(20),
            TimeSpan.FromMinutes(30),
            b => b.AddPostgresStore(server.ConnectionString, o => { o.TablePrefix = _prefix; o.CleanupInterval = TimeSpan.FromMinutes(5); }));
        var id = await (await app.NewBrowser().PostAsync("/login/ada")).Content.ReadAsStringAsync();

        _time.Advance(TimeSpan.FromMinutes(25)); // the cleanup timer fires on the fake clock

        var expired = await app.NextExpiredAsync();
        Assert.Equal((id, "ada", SessionExpiryReason.Idle), (expired.SessionId, expired.OwnerId, expired.Reason));
    }

    [Fact]
    public async Task A_throwing_handler_is_logged_and_neither_requests_nor_later_expiries_suffer()
    {
        await using var app = await StartAsync(throwFor: e => e.OwnerId == "ada");
        var ada = app.NewBrowser();
        var adaId = await (await ada.PostAsync("/login/ada")).Content.ReadAsStringAsync();
        var bob = app.NewBrowser();
        var bobId = await (await bob.PostAsync("/login/bob")).Content.ReadAsStringAsync();

        _time.Advance(TimeSpan.FromMinutes(21));
        var response = await ada.GetAsync("/touch"); // the load reports ada's expiry, whose handler throws
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(1, await app.App.Services.GetRequiredService<PostgresSessionStore>().DeleteExpiredAsync(default)); // bob's; ada's was deleted by the load

        var expired = await app.NextExpiredAsync();
        Assert.Equal(bobId, expired.SessionId);
        Assert.Equal(2, app.Calls);
        Assert.Contains(app.Logs.Entries, e => e.EventId.Name == "ExpiredHandlerFailed" && e.Message.Contains(adaId, StringComparison.Ordinal) && e.Exception is InvalidOperationException);
        Assert.True((await ada.GetAsync("/touch")).IsSuccessStatusCode);
    }
}
