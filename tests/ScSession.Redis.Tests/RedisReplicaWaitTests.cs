using System.Diagnostics;
using StackExchange.Redis;

namespace ScSession.Redis.Tests;

/// <summary>
/// <see cref="RedisSessionStoreOptions.WaitForReplicas"/> on a real master and replica: a write returns only once the
/// replica has it, or fails loudly; without it, a write returns while the replica has not got it (the window in which a
/// failover loses it). The replica is frozen with SIGSTOP to hold replication back.
/// </summary>
public sealed class RedisReplicaWaitTests(RedisSentinelServer servers) : IClassFixture<RedisSentinelServer>, IAsyncLifetime
{
    private static readonly TimeSpan Frozen = TimeSpan.FromMilliseconds(600);
    private readonly string _prefix = $"t{Guid.NewGuid():N}:";
    private ConnectionMultiplexer _master = null!;
    private ConnectionMultiplexer _replica = null!;

    public async Task InitializeAsync()
    {
        _master = await ConnectionMultiplexer.ConnectAsync(servers.MasterConfiguration);
        _replica = await ConnectionMultiplexer.ConnectAsync(servers.ReplicaConfiguration);
    }

    public async Task DisposeAsync()
    {
        await servers.ThawReplicaAsync(); // whatever a failed test left
        await _master.DisposeAsync();
        await _replica.DisposeAsync();
    }

    private RedisSessionStore Store(int replicas, TimeSpan? timeout = null)
        => new(_master, new RedisSessionStoreOptions { KeyPrefix = _prefix, WaitForReplicas = replicas, ReplicaWaitTimeout = timeout ?? TimeSpan.FromSeconds(5) });

    private static SessionWrite Write(bool isNew, string cart, string? owner = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new SessionWrite(isNew, now, now, TimeSpan.FromMinutes(20), new Dictionary<string, ReadOnlyMemory<byte>> { ["cart"] = System.Text.Encoding.UTF8.GetBytes(cart) }, owner);
    }

    private async Task<string?> CartOnReplicaAsync(string key)
        => await _replica.GetDatabase().HashGetAsync(_prefix + "s:" + key, "s:cart");

    /// <summary>Freezes the replica for <see cref="Frozen"/> while <paramref name="write"/> runs; returns how long the write took.</summary>
    private async Task<TimeSpan> WithReplicaFrozenAsync(Func<Task> write)
    {
        await servers.FreezeReplicaAsync();
        var thaw = Task.Delay(Frozen).ContinueWith(_ => servers.ThawReplicaAsync(), TaskScheduler.Default).Unwrap();
        var took = Stopwatch.StartNew();
        try
        {
            await write();
            return took.Elapsed;
        }
        finally
        {
            await thaw;
        }
    }

    [Fact]
    public async Task With_WaitForReplicas_a_save_returns_only_once_the_replica_has_it()
    {
        var store = Store(replicas: 1);

        var took = await WithReplicaFrozenAsync(() => store.SaveAsync("cart", Write(isNew: true, "[1]"), default).AsTask());

        // The replica could take the write only once thawed: a save that returned sooner did not wait for it.
        Assert.True(took >= Frozen - TimeSpan.FromMilliseconds(50), $"the save returned after {took}, while the replica was frozen for {Frozen}");
        Assert.Equal("[1]", await CartOnReplicaAsync("cart"));
    }

    [Fact]
    public async Task Without_it_a_save_returns_while_the_replica_does_not_have_it_yet()
    {
        var store = Store(replicas: 0);
        await servers.WaitForReplicationAsync(TimeSpan.FromSeconds(10));
        var tookAlone = TimeSpan.Zero;

        await WithReplicaFrozenAsync(async () =>
        {
            var took = Stopwatch.StartNew();
            await store.SaveAsync("unwaited", Write(isNew: true, "[2]"), default);
            tookAlone = took.Elapsed;
        });

        // The master acknowledged while the replica was frozen: a failover at that moment would have lost the write.
        Assert.True(tookAlone < Frozen / 2, $"the save took {tookAlone}");
        await servers.WaitForReplicationAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("[2]", await CartOnReplicaAsync("unwaited"));
    }

    [Fact]
    public async Task A_write_the_replicas_do_not_confirm_in_time_fails_loudly_and_says_what_to_check()
    {
        await Store(replicas: 1).SaveAsync("destroyed", Write(isNew: true, "[3]"), default); // set up with time to spare
        var store = Store(replicas: 1, timeout: TimeSpan.FromMilliseconds(150));

        var saved = await Record.ExceptionAsync(() => WithReplicaFrozenAsync(() => store.SaveAsync("late", Write(isNew: true, "[4]"), default).AsTask()));
        var destroyed = await Record.ExceptionAsync(() => WithReplicaFrozenAsync(() => store.DeleteAsync("destroyed", default).AsTask()));

        foreach (var failure in new[] { saved, destroyed })
        {
            var redis = Assert.IsType<RedisException>(failure);
            Assert.Contains("Only 0 of the 1 replicas", redis.Message, StringComparison.Ordinal);
            Assert.Contains("WaitForReplicas", redis.Message, StringComparison.Ordinal);
        }

        // The writes themselves went through on the master: the request fails because they are not yet safe from a failover.
        Assert.NotNull(await store.LoadAsync("late", default));
        Assert.Null(await store.LoadAsync("destroyed", default));
    }

    [Fact]
    public async Task A_renewal_the_replicas_do_not_confirm_is_undone_the_session_stays_under_its_old_id()
    {
        await Store(replicas: 1).SaveAsync("before", Write(isNew: true, "[5]", owner: "ada"), default); // set up with time to spare
        var store = Store(replicas: 1, timeout: TimeSpan.FromMilliseconds(150));

        var failure = await Record.ExceptionAsync(() => WithReplicaFrozenAsync(() => store.RenewAsync("before", "after", Write(isNew: false, "[5]", owner: "ada"), default).AsTask()));

        Assert.IsType<RedisException>(failure);
        Assert.Equal("[5]", System.Text.Encoding.UTF8.GetString((await store.LoadAsync("before", default))!.Sections["cart"].Span));
        Assert.Null(await store.LoadAsync("after", default));

        // Once the replica answers, the same renewal goes through.
        await Store(replicas: 1).RenewAsync("before", "after", Write(isNew: false, "[5]", owner: "ada"), default);
        Assert.Null(await store.LoadAsync("before", default));
        Assert.Equal("[5]", await CartOnReplicaAsync("after"));
    }
}
