using System.Text;

namespace ScSession.StoreTesting;

/// <summary>
/// The behaviour every <see cref="ISessionStore"/> must have, and every <see cref="ISessionOwnerIndex"/> (all of them
/// implement it), run against each real store (memory, distributed cache, Redis, PostgreSQL). A store's test class
/// derives from this and says how to make a store and how time passes.
/// </summary>
public abstract class SessionStoreContractTests : IAsyncLifetime
{
    private int _keys;

    protected ISessionStore Store { get; private set; } = null!;

    /// <summary>The store's owner index, called directly (no guard): what the store itself does.</summary>
    protected ISessionOwnerIndex Index => Assert.IsAssignableFrom<ISessionOwnerIndex>(Store);

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

    /// <summary>A new session of <paramref name="owner"/>, created an hour ago and last seen <paramref name="seenAgo"/> ago.</summary>
    protected SessionWrite OwnedWrite(string owner, string? description = null, TimeSpan seenAgo = default)
    {
        var now = Now;
        return new SessionWrite(true, now - TimeSpan.FromHours(1), now - seenAgo, TimeSpan.FromMinutes(20), new Dictionary<string, ReadOnlyMemory<byte>> { ["x"] = Bytes("1") }, owner, description);
    }

    protected static string NewOwner() => "owner-" + Guid.NewGuid().ToString("N");

    private async Task<string[]> ListedAsync(string owner, int limit = 100)
        => [.. (await Index.GetOwnerSessionsAsync(owner, limit)).Select(s => s.PublicId)];

    protected static string Text(StoredSession session, string section) => Encoding.UTF8.GetString(session.Sections[section].Span);

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
    public async Task Update_of_a_missing_session_creates_nothing_and_says_so()
    {
        var key = NewKey();

        var ended = await Assert.ThrowsAsync<SessionEndedException>(() => Store.SaveAsync(key, Write(false, ("cart", "{}"), ("$flash", "[]")), default).AsTask());

        Assert.Equal(["$flash", "cart"], ended.Sections);
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
        Assert.Equal([newKey], await ListedAsync("ada"));

        // A late update addressed to the old key does not resurrect it, and says so.
        await Assert.ThrowsAsync<SessionEndedException>(() => Store.SaveAsync(oldKey, Write(false, ("cart", "[2]")), default).AsTask());
        Assert.Null(await Store.LoadAsync(oldKey, default));
    }

    [Fact]
    public async Task Delete_removes_the_session_and_late_updates_do_not_bring_it_back()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Write(true, ("cart", "[1]")), default);

        await Store.DeleteAsync(key, default);
        await Store.DeleteAsync(key, default); // deleting twice is fine
        await Assert.ThrowsAsync<SessionEndedException>(() => Store.SaveAsync(key, Write(false, ("cart", "[2]")), default).AsTask());

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
        var owner = NewOwner();
        var other = NewOwner();
        var (a, b, c, moved, expiring) = (NewKey(), NewKey(), NewKey(), NewKey(), NewKey());
        await Store.SaveAsync(a, Write(true, TimeSpan.FromMinutes(20), owner, ("x", "1")), default);
        await Store.SaveAsync(b, Write(true, TimeSpan.FromMinutes(20), owner, ("x", "2")), default);
        await Store.SaveAsync(c, Write(true, TimeSpan.FromMinutes(20), other, ("x", "3")), default);
        await Store.SaveAsync(moved, Write(true, TimeSpan.FromMinutes(20), owner, ("x", "4")), default);
        await Store.SaveAsync(moved, Write(false, TimeSpan.FromMinutes(20), other, ("x", "4")), default);
        await Store.SaveAsync(expiring, Write(true, ShortTtl, owner, ("x", "5")), default);
        await AdvanceAsync(ShortTtl + TimeSpan.FromSeconds(1));

        Assert.Equal(new[] { a, b }.Order(), (await ListedAsync(owner)).Order());

        Assert.Equal(2, await Index.RevokeOwnerSessionsAsync(owner));

        Assert.Null(await Store.LoadAsync(a, default));
        Assert.Null(await Store.LoadAsync(b, default));
        Assert.NotNull(await Store.LoadAsync(c, default));
        Assert.NotNull(await Store.LoadAsync(moved, default));
        Assert.Empty(await ListedAsync(owner));
        Assert.Equal(0, await Index.RevokeOwnerSessionsAsync(owner));
        Assert.Equal(new[] { c, moved }.Order(), (await ListedAsync(other)).Order());
    }

    [Fact]
    public async Task Listing_gives_each_sessions_times_and_description()
    {
        var owner = NewOwner();
        var (laptop, phone) = (NewKey(), NewKey());
        var laptopWrite = OwnedWrite(owner, "Firefox on Windows", seenAgo: TimeSpan.FromMinutes(5));
        await Store.SaveAsync(laptop, laptopWrite, default);
        await Store.SaveAsync(phone, OwnedWrite(owner), default);

        var listed = await Index.GetOwnerSessionsAsync(owner);

        Assert.Equal([phone, laptop], listed.Select(s => s.PublicId)); // most recently seen first
        Assert.Null(listed[0].Description);
        Assert.Equal("Firefox on Windows", listed[1].Description);
        Assert.Equal(laptopWrite.CreatedAt.ToUnixTimeMilliseconds(), listed[1].CreatedAt.ToUnixTimeMilliseconds());
        Assert.Equal(laptopWrite.LastSeenAt.ToUnixTimeMilliseconds(), listed[1].LastSeenAt.ToUnixTimeMilliseconds());

        // A later save replaces the description, or clears it.
        await Store.SaveAsync(laptop, new SessionWrite(false, laptopWrite.CreatedAt, Now, TimeSpan.FromMinutes(20), new Dictionary<string, ReadOnlyMemory<byte>>(), owner, "Firefox on Linux"), default);
        await Store.SaveAsync(phone, new SessionWrite(false, laptopWrite.CreatedAt, Now - TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(20), new Dictionary<string, ReadOnlyMemory<byte>>(), owner), default);
        Assert.Equal(new (string?, string)[] { ("Firefox on Linux", laptop), (null, phone) }, (await Index.GetOwnerSessionsAsync(owner)).Select(s => (s.Description, s.PublicId)));
    }

    [Fact]
    public async Task Listing_is_bounded_by_the_limit_and_keeps_the_most_recently_seen()
    {
        var owner = NewOwner();
        var keys = Enumerable.Range(0, 5).Select(_ => NewKey()).ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            await Store.SaveAsync(keys[i], OwnedWrite(owner, seenAgo: TimeSpan.FromMinutes(10 - i)), default); // the last is the most recent
        }

        Assert.Equal([keys[4], keys[3]], await ListedAsync(owner, limit: 2));
        Assert.Equal([keys[4]], await ListedAsync(owner, limit: 1));
        Assert.Equal(Enumerable.Reverse(keys), await ListedAsync(owner, limit: 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Index.GetOwnerSessionsAsync(owner, limit: 0).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Index.GetOwnerSessionsAsync("", 10).AsTask());
    }

    [Fact]
    public async Task Revoking_one_session_ends_only_that_one()
    {
        var owner = NewOwner();
        var (laptop, phone) = (NewKey(), NewKey());
        await Store.SaveAsync(laptop, OwnedWrite(owner), default);
        await Store.SaveAsync(phone, OwnedWrite(owner), default);

        Assert.True(await Index.RevokeSessionAsync(owner, laptop));

        Assert.Null(await Store.LoadAsync(laptop, default));
        Assert.NotNull(await Store.LoadAsync(phone, default));
        Assert.Equal([phone], await ListedAsync(owner));
        Assert.False(await Index.RevokeSessionAsync(owner, laptop)); // already gone
        Assert.False(await Index.RevokeSessionAsync(owner, NewKey())); // never existed
    }

    [Fact]
    public async Task Revoking_a_session_of_another_owner_is_refused_and_changes_nothing()
    {
        var (owner, victim) = (NewOwner(), NewOwner());
        var (mine, theirs, anonymous) = (NewKey(), NewKey(), NewKey());
        await Store.SaveAsync(mine, OwnedWrite(owner), default);
        await Store.SaveAsync(theirs, OwnedWrite(victim, "their phone"), default);
        await Store.SaveAsync(anonymous, Write(true, ("x", "1")), default);

        Assert.False(await Index.RevokeSessionAsync(owner, theirs));
        Assert.False(await Index.RevokeSessionAsync(owner, anonymous));

        Assert.NotNull(await Store.LoadAsync(theirs, default));
        Assert.NotNull(await Store.LoadAsync(anonymous, default));
        Assert.Equal([theirs], await ListedAsync(victim));
        Assert.Equal([mine], await ListedAsync(owner));
    }

    [Fact]
    public async Task Revoking_all_goes_past_one_page_of_the_listing()
    {
        var owner = NewOwner();
        var keys = Enumerable.Range(0, 130).Select(_ => NewKey()).ToArray();
        await Task.WhenAll(keys.Select(key => Store.SaveAsync(key, OwnedWrite(owner), default).AsTask()));

        Assert.Equal(130, await Index.RevokeOwnerSessionsAsync(owner));

        Assert.Empty(await ListedAsync(owner));
        Assert.All(await Task.WhenAll(keys.Select(key => Store.LoadAsync(key, default).AsTask())), Assert.Null);
    }

    [Fact]
    public async Task Owner_ids_with_braces_and_percent_signs_are_listed_and_revoked_apart()
    {
        // Braces are Redis Cluster hash tags and percent signs the store's escape for them: neither may mix owners up.
        var suffix = Guid.NewGuid().ToString("N");
        var owners = new[] { "{team}" + suffix, "%7Bteam%7D" + suffix, "%257Bteam%257D" + suffix, "}{" + suffix };
        var keys = owners.Select(_ => NewKey()).ToArray();
        for (var i = 0; i < owners.Length; i++)
        {
            await Store.SaveAsync(keys[i], OwnedWrite(owners[i]), default);
        }

        for (var i = 0; i < owners.Length; i++)
        {
            Assert.Equal([keys[i]], await ListedAsync(owners[i]));
        }

        Assert.Equal(1, await Index.RevokeOwnerSessionsAsync(owners[0]));
        Assert.Null(await Store.LoadAsync(keys[0], default));
        Assert.NotNull(await Store.LoadAsync(keys[1], default));
        Assert.True(await Index.RevokeSessionAsync(owners[3], keys[3]));
        Assert.Equal([keys[1]], await ListedAsync(owners[1]));
        Assert.Equal([keys[2]], await ListedAsync(owners[2]));
    }

    [Fact]
    public async Task Revoking_the_others_ends_every_session_of_the_owner_but_the_one_kept()
    {
        var (owner, other) = (NewOwner(), NewOwner());
        var keys = Enumerable.Range(0, 130).Select(_ => NewKey()).ToArray();
        await Task.WhenAll(keys.Select(key => Store.SaveAsync(key, OwnedWrite(owner), default).AsTask()));
        var theirs = NewKey();
        await Store.SaveAsync(theirs, OwnedWrite(other), default);

        Assert.Equal(129, await Index.RevokeOtherSessionsAsync(owner, keepPublicId: keys[57]));

        Assert.Equal([keys[57]], await ListedAsync(owner));
        Assert.NotNull(await Store.LoadAsync(keys[57], default));
        Assert.NotNull(await Store.LoadAsync(theirs, default));
        Assert.Null(await Store.LoadAsync(keys[0], default));
        Assert.Equal(0, await Index.RevokeOtherSessionsAsync(owner, keepPublicId: keys[57]));
    }

    [Fact]
    public async Task Renewing_a_session_that_is_gone_creates_nothing_and_says_so()
    {
        // A sign-in's renewal racing with a revocation ("sign out everywhere", a per-user limit): the revoked session
        // must not come back under the new ID, listed and counted as the owner's.
        var owner = NewOwner();
        var (revoked, renewed) = (NewKey(), NewKey());
        await Store.SaveAsync(revoked, OwnedWrite(owner), default);
        Assert.Equal(1, await Index.RevokeOwnerSessionsAsync(owner));

        await Assert.ThrowsAsync<SessionEndedException>(() => Store.RenewAsync(revoked, renewed, Write(false, TimeSpan.FromMinutes(20), owner), default).AsTask());

        Assert.Null(await Store.LoadAsync(renewed, default));
        Assert.Null(await Store.LoadAsync(revoked, default));
        Assert.Empty(await ListedAsync(owner));
    }
}
