using Microsoft.Extensions.DependencyInjection;
using ScSession.TestSupport;
using StackExchange.Redis;

namespace ScSession.Redis.Tests;

/// <summary>
/// <c>OnExpired</c> on a real redis-server, in real time (Redis expires keys on its own clock): keyspace notifications
/// plus the expiry ledger give the public ID, the owner and the reason.
/// </summary>
[Collection(nameof(RedisCollection))]
public sealed class RedisExpiryEventTests(RedisServer redis) : IAsyncLifetime
{
    /// <summary>
    /// A database of its own: Redis's background expiry visits a database's keys with a TTL incrementally, so among the
    /// thousands other tests leave in database 0 an expired key can wait many seconds to be found (see the README).
    /// </summary>
    private const int Database = 5;

    private readonly string _prefix = "e" + Guid.NewGuid().ToString("N")[..8] + ":";
    private ConnectionMultiplexer _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        await SetNotificationsAsync("Ex");
    }

    public async Task DisposeAsync()
    {
        await SetNotificationsAsync("");
        await _admin.DisposeAsync();
    }

    private Task SetNotificationsAsync(string flags) => _admin.GetServers()[0].ConfigSetAsync("notify-keyspace-events", flags);

    private Task<ExpiryTestApp> StartAsync(TimeSpan idle, TimeSpan absolute, Func<ScSessionExpiredContext, bool>? throwFor = null)
        => ExpiryTestApp.StartAsync(TimeProvider.System, idle, absolute, b => b.AddRedisStore(redis.Configuration, o => { o.KeyPrefix = _prefix; o.Database = Database; }), throwFor);

    [Fact]
    public async Task A_session_left_idle_raises_OnExpired_with_its_id_owner_and_reason()
    {
        await using var app = await StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        var id = await (await app.NewBrowser().PostAsync("/login/ada")).Content.ReadAsStringAsync();

        var expired = await app.NextExpiredAsync();

        Assert.Equal((id, "ada", SessionExpiryReason.Idle), (expired.SessionId, expired.OwnerId, expired.Reason));
        Assert.Equal(expired.LastSeenAt + TimeSpan.FromSeconds(1), expired.ExpiredAt);
        Assert.True(DateTimeOffset.UtcNow >= expired.ExpiredAt);
        Assert.False(await _admin.GetDatabase(Database).KeyExistsAsync($"{_prefix}x:{{{_prefix}s:{id}}}")); // the ledger was taken
    }

    [Fact]
    public async Task A_session_in_use_until_its_absolute_timeout_raises_OnExpired_with_reason_absolute()
    {
        await using var app = await StartAsync(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.5));
        var browser = app.NewBrowser();
        var id = await (await browser.PostAsync("/login/grace")).Content.ReadAsStringAsync();
        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(500);
            Assert.Equal(id, await browser.GetStringAsync("/touch")); // the idle window never runs out
        }

        var expired = await app.NextExpiredAsync();

        Assert.Equal((id, "grace", SessionExpiryReason.Absolute), (expired.SessionId, expired.OwnerId, expired.Reason));
        Assert.Equal(expired.CreatedAt + TimeSpan.FromSeconds(2.5), expired.ExpiredAt);
    }

    [Fact]
    public async Task A_request_bringing_an_expired_session_gets_a_new_one_and_the_expiry_is_reported_once()
    {
        await using var app = await StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        var browser = app.NewBrowser();
        var id = await (await browser.PostAsync("/login/ada")).Content.ReadAsStringAsync();
        await Task.Delay(1100);

        var newId = await browser.GetStringAsync("/touch"); // the load meets the expired key (Redis deletes it and tells)
        var expired = await app.NextExpiredAsync();

        Assert.NotEqual(id, newId);
        Assert.Equal((id, "ada"), (expired.SessionId, expired.OwnerId));
        Assert.True(await app.NoMoreExpiredAsync(TimeSpan.FromMilliseconds(500)) || (await app.NextExpiredAsync()).SessionId == newId);
    }

    [Fact]
    public async Task Two_instances_on_one_Redis_report_an_expiry_once_and_a_revoked_session_not_at_all()
    {
        await using var first = await StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        await using var second = await StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        var id = await (await first.NewBrowser().PostAsync("/login/ada")).Content.ReadAsStringAsync();
        await second.NewBrowser().PostAsync("/login/bob");
        Assert.Equal(1, await second.App.Services.GetRequiredService<ISessionOwnerIndex>().RevokeOwnerSessionsAsync("bob")); // ended, not expired

        var expired = await await Task.WhenAny(first.NextExpiredAsync(), second.NextExpiredAsync());
        await Task.Delay(1000); // time for a second report, were there one

        Assert.Equal((id, "ada"), (expired.SessionId, expired.OwnerId));
        Assert.Equal(1, first.Calls + second.Calls);
    }

    [Fact]
    public async Task A_throwing_handler_is_logged_and_later_expiries_and_requests_go_on()
    {
        await using var app = await StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), throwFor: e => e.OwnerId == "ada");
        var adaId = await (await app.NewBrowser().PostAsync("/login/ada")).Content.ReadAsStringAsync();
        await Task.Delay(300);
        var bobId = await (await app.NewBrowser().PostAsync("/login/bob")).Content.ReadAsStringAsync();

        var expired = await app.NextExpiredAsync(); // bob's (ada's handler throws); Redis may find either first
        for (var waited = 0; app.Calls < 2 && waited < 100; waited++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(bobId, expired.SessionId);
        Assert.Equal(2, app.Calls);
        Assert.Contains(app.Logs.Entries, e => e.EventId.Name == "ExpiredHandlerFailed" && e.Message.Contains(adaId, StringComparison.Ordinal));
        Assert.Equal("ok", await app.NewBrowser().GetStringAsync("/ok"));
    }

    [Fact]
    public async Task Without_keyspace_notifications_start_up_logs_what_to_set_and_the_app_runs()
    {
        await SetNotificationsAsync("");
        await using var app = await StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        var failure = Assert.Single(app.Logs.Entries, e => e.EventId.Name == "ExpiryReportingFailed");
        Assert.Contains("notify-keyspace-events Ex", failure.Exception!.Message, StringComparison.Ordinal);
        Assert.Equal("ok", await app.NewBrowser().GetStringAsync("/ok"));
    }

    [Fact]
    public async Task A_renewal_moves_the_expiry_ledger_to_the_new_id_and_leaves_none_behind()
    {
        await using var app = await StartAsync(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        var id = await (await app.NewBrowser().PostAsync("/login/ada")).Content.ReadAsStringAsync();
        var db = _admin.GetDatabase(Database);
        var renewed = "renewed-" + Guid.NewGuid().ToString("N");
        Assert.True(await db.KeyExistsAsync(Ledger(id)));

        var now = DateTimeOffset.UtcNow;
        await app.App.Services.GetRequiredService<ISessionStore>().RenewAsync(id, renewed, new SessionWrite(false, now, now, TimeSpan.FromMinutes(1), new Dictionary<string, ReadOnlyMemory<byte>>(), "ada"), default);

        Assert.False(await db.KeyExistsAsync(Ledger(id)), "the old ID's ledger would outlive its session by the whole window");
        Assert.True(await db.KeyExistsAsync(Ledger(renewed)));
    }

    private RedisKey Ledger(string id) => $"{_prefix}x:{{{_prefix}s:{id}}}";
}
