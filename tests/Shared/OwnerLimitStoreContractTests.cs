using System.Text;
using ScSession;

namespace ScSession.StoreTesting;

/// <summary>
/// What <see cref="ScSessionOptions.MaxSessionsPerOwner"/> needs from an <see cref="ISessionOwnerLimitStore"/>, run the
/// way ScSession runs it (save the session with its owner, then admit it; a refused one is saved back without the
/// owner): the limit holds per owner, and holds under simultaneous sign-ins of one owner.
/// </summary>
public abstract class OwnerLimitStoreContractTests : IAsyncLifetime
{
    private ISessionStore _store = null!;

    /// <summary>The store under test, created once per test.</summary>
    protected abstract Task<ISessionStore> CreateStoreAsync();

    /// <summary>The store's idea of now (session timestamps must not lie in its future).</summary>
    protected virtual DateTimeOffset Now => DateTimeOffset.UtcNow;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private ISessionOwnerLimitStore Limits => Assert.IsAssignableFrom<ISessionOwnerLimitStore>(_store);

    private ISessionOwnerIndex Index => Assert.IsAssignableFrom<ISessionOwnerIndex>(_store);

    private static string NewOwner() => "ada-" + Guid.NewGuid().ToString("N");

    private static string NewKey() => Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static Dictionary<string, ReadOnlyMemory<byte>> Owner(string? owner) => new()
    {
        ["$owner"] = Encoding.UTF8.GetBytes(owner is null ? "{}" : $$"""{"id":"{{owner}}"}"""),
    };

    /// <summary>Signs a new session in as <paramref name="owner"/>, as <c>SetSessionOwnerAsync</c> does; returns its key and whether it was admitted.</summary>
    private async Task<(string Key, bool Admitted)> SignInAsync(string owner, int max, MaxSessionsPolicy policy, DateTimeOffset lastSeen)
    {
        var key = NewKey();
        await _store.SaveAsync(key, new SessionWrite(true, lastSeen, lastSeen, TimeSpan.FromHours(1), Owner(owner), owner), default);
        var admission = await Limits.AdmitOwnerSessionAsync(owner, key, max, policy, lastSeen, default);
        if (!admission.Admitted)
        {
            await _store.SaveAsync(key, new SessionWrite(false, lastSeen, lastSeen, TimeSpan.FromHours(1), Owner(null)), default);
        }

        return (key, admission.Admitted);
    }

    private async Task<string?> OwnerOfAsync(string key) => (await _store.LoadAsync(key, default))?.OwnerId;

    [Fact]
    public async Task Over_the_limit_the_least_recently_seen_sessions_of_that_owner_end()
    {
        var (owner, other) = (NewOwner(), NewOwner());
        var start = Now - TimeSpan.FromMinutes(10);
        var first = await SignInAsync(owner, 2, MaxSessionsPolicy.RevokeLeastRecentlyUsed, start + TimeSpan.FromMinutes(2)); // seen later
        var second = await SignInAsync(owner, 2, MaxSessionsPolicy.RevokeLeastRecentlyUsed, start + TimeSpan.FromMinutes(1));
        var others = await SignInAsync(other, 1, MaxSessionsPolicy.RevokeLeastRecentlyUsed, start);

        var third = await SignInAsync(owner, 2, MaxSessionsPolicy.RevokeLeastRecentlyUsed, start + TimeSpan.FromMinutes(3));

        Assert.True(third.Admitted);
        Assert.Null(await _store.LoadAsync(second.Key, default));
        Assert.Equal(owner, await OwnerOfAsync(first.Key));
        Assert.Equal(owner, await OwnerOfAsync(third.Key));
        Assert.Equal(other, await OwnerOfAsync(others.Key));
        Assert.Equal(2, (await Index.GetOwnerSessionsAsync(owner)).Count);
    }

    [Fact]
    public async Task With_the_refusing_policy_the_new_session_is_refused_and_the_others_stay()
    {
        var owner = NewOwner();
        var now = Now - TimeSpan.FromMinutes(1);
        var first = await SignInAsync(owner, 1, MaxSessionsPolicy.RefuseNewSession, now);

        var second = await SignInAsync(owner, 1, MaxSessionsPolicy.RefuseNewSession, now);

        Assert.False(second.Admitted);
        Assert.Null(await OwnerOfAsync(second.Key)); // still there, without the owner
        Assert.NotNull(await _store.LoadAsync(second.Key, default));
        Assert.Equal(owner, await OwnerOfAsync(first.Key));
        Assert.Equal([first.Key], (await Index.GetOwnerSessionsAsync(owner)).Select(s => s.PublicId));
    }

    [Fact]
    public async Task Sessions_that_ended_do_not_count()
    {
        var owner = NewOwner();
        var now = Now - TimeSpan.FromMinutes(1);
        var first = await SignInAsync(owner, 1, MaxSessionsPolicy.RefuseNewSession, now);
        await _store.DeleteAsync(first.Key, default);

        Assert.True((await SignInAsync(owner, 1, MaxSessionsPolicy.RefuseNewSession, now)).Admitted);
    }

    [Theory]
    [InlineData(MaxSessionsPolicy.RevokeLeastRecentlyUsed)]
    [InlineData(MaxSessionsPolicy.RefuseNewSession)]
    public async Task Twenty_simultaneous_sign_ins_with_a_limit_of_three_leave_exactly_three_sessions_of_the_owner(MaxSessionsPolicy policy)
    {
        var owner = NewOwner();
        var now = Now - TimeSpan.FromMinutes(1);

        var signIns = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => SignInAsync(owner, 3, policy, now + TimeSpan.FromMilliseconds(i)))));

        var owners = await Task.WhenAll(signIns.Select(s => OwnerOfAsync(s.Key)));
        Assert.Equal(3, owners.Count(o => o == owner));
        Assert.Equal(3, (await Index.GetOwnerSessionsAsync(owner)).Count);
        var loaded = await Task.WhenAll(signIns.Select(async s => await _store.LoadAsync(s.Key, default) is not null));
        if (policy == MaxSessionsPolicy.RefuseNewSession)
        {
            Assert.Equal(3, signIns.Count(s => s.Admitted));
            Assert.All(loaded, Assert.True); // refused, not ended
            Assert.All(signIns.Where(s => s.Admitted), s => Assert.Equal(owner, owners[Array.IndexOf(signIns, s)]));
        }
        else
        {
            Assert.Equal(3, loaded.Count(l => l)); // the evicted ones no longer load
        }
    }
}
