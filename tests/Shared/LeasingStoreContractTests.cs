using ScSession;

namespace ScSession.StoreTesting;

/// <summary>
/// The optimistic store contract plus what <see cref="SessionConcurrency.Exclusive"/> needs from an
/// <see cref="ISessionLeaseStore"/>: one holder per session and section, release only by the holder, and a lease that
/// ends by itself (a process that died holding it blocks nobody for longer than the lease).
/// </summary>
public abstract class LeasingStoreContractTests : OptimisticStoreContractTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    private ISessionLeaseStore Leases => Assert.IsAssignableFrom<ISessionLeaseStore>(Store);

    private Task<bool> Take(string key, string section, string token, TimeSpan duration)
        => Leases.TryAcquireLeaseAsync(key, section, token, duration, default).AsTask();

    [Fact]
    public async Task A_free_lease_is_taken_and_a_held_one_is_refused_to_another_holder()
    {
        var key = NewKey();

        Assert.True(await Take(key, "cart", "a", Long));
        Assert.False(await Take(key, "cart", "b", Long));
        Assert.True(await Take(key, "cart", "a", Long)); // the holder may take it again (a retry after a timeout)
    }

    [Fact]
    public async Task Only_the_holder_releases_a_lease()
    {
        var key = NewKey();
        await Take(key, "cart", "a", Long);

        await Leases.ReleaseLeaseAsync(key, "cart", "b", default); // a late request whose lease ended: no effect
        Assert.False(await Take(key, "cart", "b", Long));

        await Leases.ReleaseLeaseAsync(key, "cart", "a", default);
        Assert.True(await Take(key, "cart", "b", Long));
    }

    [Fact]
    public async Task Releasing_a_lease_nobody_holds_is_not_an_error()
        => await Leases.ReleaseLeaseAsync(NewKey(), "cart", "a", default);

    [Fact]
    public async Task Leases_are_per_session_and_per_section()
    {
        var key = NewKey();
        await Take(key, "cart", "a", Long);

        Assert.True(await Take(key, "theme", "b", Long));
        Assert.True(await Take(NewKey(), "cart", "c", Long));
    }

    [Fact]
    public async Task A_lease_that_is_never_released_ends_by_itself_after_its_duration()
    {
        var key = NewKey();
        Assert.True(await Take(key, "cart", "dead-process", ShortTtl));

        await AdvanceAsync(ShortTtl / 2);
        Assert.False(await Take(key, "cart", "b", Long));

        await AdvanceAsync(ShortTtl);
        Assert.True(await Take(key, "cart", "b", Long));
        await Leases.ReleaseLeaseAsync(key, "cart", "dead-process", default); // the dead holder's late release changes nothing
        Assert.False(await Take(key, "cart", "c", Long));
    }

    [Fact]
    public async Task Of_many_requests_racing_for_a_free_lease_exactly_one_gets_it()
    {
        var key = NewKey();

        var taken = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => Take(key, "cart", $"t{i}", Long))));

        Assert.Equal(1, taken.Count(t => t));
    }

    [Fact]
    public async Task Leases_leave_the_session_alone()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Write(true, ("cart", "[1]")), default);

        await Take(key, "cart", "a", Long);
        await Leases.ReleaseLeaseAsync(key, "cart", "a", default);
        await Store.DeleteAsync(key, default);
        await Take(key, "cart", "b", Long);

        Assert.Null(await Store.LoadAsync(key, default)); // a lease brings no session back
    }

    [Fact]
    public async Task Waiting_for_a_release_returns_within_the_delay_it_is_given()
    {
        var key = NewKey();
        await Take(key, "cart", "a", Long);
        var delay = TimeSpan.FromMilliseconds(100);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        await Leases.WaitForLeaseReleaseAsync(key, "cart", delay, default);

        Assert.InRange(waited.Elapsed, TimeSpan.Zero, delay + TimeSpan.FromSeconds(2));
    }
}
