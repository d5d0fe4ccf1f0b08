using ScSession;

namespace ScSession.StoreTesting;

/// <summary>
/// The store contract plus what <see cref="SessionConcurrency.Optimistic"/> needs from a store that claims
/// <see cref="ISessionStore.SupportsOptimisticConcurrency"/>: versions per section, a checked write that writes nothing
/// when a version moved, and a <see cref="SessionConflictException"/> naming exactly the stale sections.
/// </summary>
public abstract class OptimisticStoreContractTests : SessionStoreContractTests
{
    [Fact]
    public void The_store_claims_optimistic_concurrency()
        => Assert.True(Store.SupportsOptimisticConcurrency);

    [Fact]
    public async Task Every_write_of_a_section_adds_one_to_its_version()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Write(true, ("cart", "[1]"), ("theme", "\"dark\"")), default);
        await Store.SaveAsync(key, Write(false, ("cart", "[1,2]")), default);

        var loaded = await Store.LoadAsync(key, default);

        Assert.NotNull(loaded);
        Assert.Equal(2, loaded.SectionVersions["cart"]);
        Assert.Equal(1, loaded.SectionVersions["theme"]);
    }

    [Fact]
    public async Task A_write_that_expects_the_stored_versions_is_saved()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Checked(Write(true, ("cart", "[1]")), ("cart", 0)), default);
        await Store.SaveAsync(key, Checked(Write(false, ("cart", "[1,2]")), ("cart", 1)), default);

        var loaded = await Store.LoadAsync(key, default);

        Assert.Equal("[1,2]", Text(loaded!, "cart"));
        Assert.Equal(2, loaded!.SectionVersions["cart"]);
    }

    [Fact]
    public async Task A_stale_write_writes_nothing_and_names_the_stale_sections()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Write(true, ("cart", "[1]"), ("theme", "\"dark\"")), default);
        await Store.SaveAsync(key, Write(false, ("cart", "[1,2]")), default); // another request: cart is at version 2

        var stale = Checked(Write(false, ("cart", "[1,3]"), ("theme", "\"light\""), ("wishlist", "[9]")), ("cart", 1), ("theme", 1), ("wishlist", 0));
        var conflict = await Assert.ThrowsAsync<SessionConflictException>(() => Store.SaveAsync(key, stale, default).AsTask());

        Assert.Equal(["cart"], conflict.Sections);
        var loaded = await Store.LoadAsync(key, default);
        Assert.Equal("[1,2]", Text(loaded!, "cart"));
        Assert.Equal("\"dark\"", Text(loaded!, "theme")); // not written either: a conflicting save writes nothing
        Assert.False(loaded!.Sections.ContainsKey("wishlist"));
        Assert.Equal(1, loaded.SectionVersions["theme"]);
    }

    [Fact]
    public async Task A_write_that_expects_a_new_section_conflicts_when_another_request_created_it()
    {
        var key = NewKey();
        await Store.SaveAsync(key, Write(true, ("theme", "\"dark\"")), default);
        await Store.SaveAsync(key, Write(false, ("cart", "[1]")), default);

        var conflict = await Assert.ThrowsAsync<SessionConflictException>(
            () => Store.SaveAsync(key, Checked(Write(false, ("cart", "[2]")), ("cart", 0)), default).AsTask());

        Assert.Equal(["cart"], conflict.Sections);
        Assert.Equal("[1]", Text((await Store.LoadAsync(key, default))!, "cart"));
    }

    [Fact]
    public async Task Renewal_keeps_the_versions()
    {
        var oldKey = NewKey();
        var newKey = NewKey();
        await Store.SaveAsync(oldKey, Write(true, ("cart", "[1]")), default);
        await Store.SaveAsync(oldKey, Write(false, ("cart", "[1,2]")), default);

        await Store.RenewAsync(oldKey, newKey, Write(false), default);

        Assert.Equal(2, (await Store.LoadAsync(newKey, default))!.SectionVersions["cart"]);
    }

    private static SessionWrite Checked(SessionWrite write, params (string Name, long Version)[] expected) => new(
        write.IsNew, write.CreatedAt, write.LastSeenAt, write.TimeToLive, write.ChangedSections, write.OwnerId, write.Description)
    {
        ExpectedVersions = expected.ToDictionary(e => e.Name, e => e.Version, StringComparer.Ordinal),
    };
}
