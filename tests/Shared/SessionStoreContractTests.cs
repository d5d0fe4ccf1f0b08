using System.Text;

namespace ScSession.StoreTesting;

/// <summary>
/// The behaviour every <see cref="ISessionStore"/> must have, run against each real store (memory, distributed cache,
/// Redis, PostgreSQL). A store's test class derives from this and says how to make a store and how time passes.
/// </summary>
public abstract class SessionStoreContractTests : IAsyncLifetime
{
    private int _keys;

    protected ISessionStore Store { get; private set; } = null!;

    /// <summary>Creates the store under test, empty (or with keys no other test uses).</summary>
    protected abstract Task<ISessionStore> CreateStoreAsync();

    /// <summary>Lets <paramref name="duration"/> pass for the store (a fake clock, or real waiting for server-side TTLs).</summary>
    protected abstract Task AdvanceAsync(TimeSpan duration);

    /// <summary>The store's notion of now (a fake clock, or the real one).</summary>
    protected abstract DateTimeOffset Now { get; }

    /// <summary>A TTL that <see cref="AdvanceAsync"/> can outlast quickly.</summary>
    protected virtual TimeSpan ShortTtl => TimeSpan.FromSeconds(2);

    public virtual async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected string NewKey() => $"test-{GetType().Name}-{Guid.NewGuid():N}-{Interlocked.Increment(ref _keys)}";

    protected static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected SessionWrite Write(bool isNew, params (string Name, string Json)[] sections)
        => Write(isNew, TimeSpan.FromMinutes(20), null, sections);

    protected SessionWrite Write(bool isNew, TimeSpan ttl, string? owner, params (string Name, string Json)[] sections)
    {
        var now = Now;
        var changed = sections.ToDictionary(s => s.Name, s => Bytes(s.Json), StringComparer.Ordinal);
        return new SessionWrite(isNew, now, now, ttl, changed, owner);
    }

    private static string Text(StoredSession session, string section) => Encoding.UTF8.GetString(session.Sections[section].Span);

    [Fact]
    public async Task New_session_round_trips()
    {
        var key = NewKey();
        var write = Write(true, TimeSpan.FromMinutes(20), "ada", ("cart", """{"items":[1,2]}"""), ("$flash", "{}"));

        await Store.SaveAsync(key, write, default);
        var loaded = await Store.LoadAsync(key, default);

        Assert.NotNull(loaded);
        Assert.Equal("""{"items":[1,2]}""", Text(loaded, "cart"));
        Assert.Equal("{}", Text(loaded, "$flash"));
        Assert.Equal(write.CreatedAt.ToUnixTimeMilliseconds(), loaded.CreatedAt.ToUnixTimeMilliseconds());
        Assert.Equal(write.LastSeenAt.ToUnixTimeMilliseconds(), loaded.LastSeenAt.ToUnixTimeMilliseconds());
        Assert.Equal("ada", loaded.OwnerId);
    }

    [Fact]
    public async Task Missing_session_loads_null()
        => Assert.Null(await Store.LoadAsync(NewKey(), default));

    [Fact]
    public async Task Update_of_a_missing_session_creates_nothing()
    {
        var key = NewKey();

        await Store.SaveAsync(key, Write(false, ("cart", "{}")), default);

        Assert.Null(await Store.LoadAsync(key, default));
    }

    [Fact]
    public async Task Saves_merge_section_by_section()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Write(true, ("a", "1"), ("b", "2")), default);

        await Store.SaveAsync(key, Write(false, ("b", "20"), ("c", "30")), default);

        var loaded = await Store.LoadAsync(key, default);
        Assert.NotNull(loaded);
        Assert.Equal(["1", "20", "30"], new[] { "a", "b", "c" }.Select(s => Text(loaded, s)));
    }

    [Fact]
    public async Task Many_parallel_writers_of_different_sections_all_persist()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Write(true, ("seed", "0")), default);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Store.SaveAsync(key, Write(false, ($"s{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture))), default).AsTask())));

        var loaded = await Store.LoadAsync(key, default);
        Assert.NotNull(loaded);
        Assert.All(Enumerable.Range(0, 40), i => Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(loaded, $"s{i}")));
    }

    [Fact]
    public async Task Renew_moves_everything_and_the_old_key_is_dead()
    {
        var oldKey = NewKey();
        var newKey = NewKey();
        await Store.SaveAsync(oldKey, Write(true, TimeSpan.FromMinutes(20), "ada", ("cart", "[1]"), ("user", "\"ada\"")), default);

        await Store.RenewAsync(oldKey, newKey, Write(true, TimeSpan.FromMinutes(20), "ada"), default);

        Assert.Null(await Store.LoadAsync(oldKey, default));
        var renewed = await Store.LoadAsync(newKey, default);
        Assert.NotNull(renewed);
        Assert.Equal("[1]", Text(renewed, "cart"));
        Assert.Equal("\"ada\"", Text(renewed, "user"));
        Assert.Equal([newKey], await Store.GetOwnerSessionsAsync("ada", default));

        // A late update addressed to the old key does not resurrect it.
        await Store.SaveAsync(oldKey, Write(false, ("cart", "[2]")), default);
        Assert.Null(await Store.LoadAsync(oldKey, default));
    }

    [Fact]
    public async Task Delete_removes_the_session_and_late_updates_do_not_bring_it_back()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Write(true, ("cart", "[1]")), default);

        await Store.DeleteAsync(key, default);
        await Store.DeleteAsync(key, default); // deleting twice is fine
        await Store.SaveAsync(key, Write(false, ("cart", "[2]")), default);

        Assert.Null(await Store.LoadAsync(key, default));
    }

    [Fact]
    public async Task Session_expires_after_its_time_to_live()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Write(true, ShortTtl, null, ("cart", "[1]")), default);

        await AdvanceAsync(ShortTtl + TimeSpan.FromSeconds(1));

        Assert.Null(await Store.LoadAsync(key, default));
    }

    [Fact]
    public async Task Touch_extends_the_life_without_changing_sections()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Write(true, ShortTtl, null, ("cart", "[1]")), default);

        await AdvanceAsync(ShortTtl / 2);
        await Store.TouchAsync(key, Now, ShortTtl * 3, default);
        await AdvanceAsync(ShortTtl);

        var loaded = await Store.LoadAsync(key, default);
        Assert.NotNull(loaded);
        Assert.Equal("[1]", Text(loaded, "cart"));
        Assert.Equal(Now.ToUnixTimeMilliseconds(), loaded.LastSeenAt.ToUnixTimeMilliseconds(), tolerance: ShortTtl.TotalMilliseconds * 2);

        var missing = NewKey();
        await Store.TouchAsync(missing, Now, ShortTtl, default);
        Assert.Null(await Store.LoadAsync(missing, default));
    }

    [Fact]
    public async Task Owner_index_lists_and_revokes_only_that_owners_live_sessions()
    {
        var owner = "owner-" + Guid.NewGuid().ToString("N");
        var other = "other-" + Guid.NewGuid().ToString("N");
        var (a, b, c, moved) = (NewKey(), NewKey(), NewKey(), NewKey());
        await Store.SaveAsync(a, Write(true, TimeSpan.FromMinutes(20), owner, ("x", "1")), default);
        await Store.SaveAsync(b, Write(true, TimeSpan.FromMinutes(20), owner, ("x", "2")), default);
        await Store.SaveAsync(c, Write(true, TimeSpan.FromMinutes(20), other, ("x", "3")), default);
        await Store.SaveAsync(moved, Write(true, TimeSpan.FromMinutes(20), owner, ("x", "4")), default);
        await Store.SaveAsync(moved, Write(false, TimeSpan.FromMinutes(20), other, ("x", "4")), default);

        Assert.Equal(new[] { a, b }.Order(), (await Store.GetOwnerSessionsAsync(owner, default)).Order());

        Assert.Equal(2, await Store.RevokeOwnerSessionsAsync(owner, default));

        Assert.Null(await Store.LoadAsync(a, default));
        Assert.Null(await Store.LoadAsync(b, default));
        Assert.NotNull(await Store.LoadAsync(c, default));
        Assert.NotNull(await Store.LoadAsync(moved, default));
        Assert.Empty(await Store.GetOwnerSessionsAsync(owner, default));
    }
}
