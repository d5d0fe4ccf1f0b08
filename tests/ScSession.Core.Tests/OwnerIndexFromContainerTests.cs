using Microsoft.Extensions.DependencyInjection;

namespace ScSession.Core.Tests;

/// <summary>
/// The <see cref="ISessionOwnerIndex"/> the container hands out: the store's own behind the same guard as a request's
/// store calls (one wrapping of failures, the timeout), or a clear error when sessions cannot be listed.
/// </summary>
public sealed class OwnerIndexFromContainerTests
{
    private static ServiceProvider Services(Action<ScSessionBuilder>? store = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddScSession(o =>
        {
            o.SecretKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            o.StoreTimeout = TimeSpan.FromMilliseconds(300);
        });
        store?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void With_the_cookie_store_resolving_it_says_that_cookies_cannot_be_listed()
    {
        using var services = Services();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ISessionOwnerIndex>());

        Assert.Contains("cookies, which cannot be listed or revoked", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddRedisStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_store_that_keeps_no_index_resolving_it_names_the_store()
    {
        using var services = Services(b => b.AddStore(_ => new StoreWithoutIndex()));

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ISessionOwnerIndex>());

        Assert.Equal("The session store StoreWithoutIndex keeps no owner index: it does not implement ISessionOwnerIndex, so a user's sessions cannot be listed or revoked.", error.Message);
    }

    [Fact]
    public async Task With_a_server_store_it_is_the_stores_index()
    {
        using var services = Services(b => b.AddMemoryStore());
        var store = (ISessionStore)services.GetRequiredService<ISessionStore>();
        await store.SaveAsync("k", new SessionWrite(true, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), new Dictionary<string, ReadOnlyMemory<byte>>(), "ada", "laptop"), default);

        var index = services.GetRequiredService<ISessionOwnerIndex>();

        Assert.Same(index, services.GetRequiredService<ISessionOwnerIndex>());
        var listed = Assert.Single(await index.GetOwnerSessionsAsync("ada"));
        Assert.Equal(("k", "laptop"), (listed.PublicId, listed.Description));
        Assert.Equal(1, await index.RevokeOwnerSessionsAsync("ada"));
    }

    [Fact]
    public async Task A_failing_index_fails_once_wrapped_naming_the_store_and_the_operation()
    {
        var store = new StoreWithIndex { Failure = new IOException("the index is down") };
        using var services = Services(b => b.AddStore(_ => store));
        var index = services.GetRequiredService<ISessionOwnerIndex>();

        var listing = await Assert.ThrowsAsync<SessionStoreException>(() => index.GetOwnerSessionsAsync("ada").AsTask());
        var revoking = await Assert.ThrowsAsync<SessionStoreException>(() => index.RevokeSessionAsync("ada", "k").AsTask());
        var revokingAll = await Assert.ThrowsAsync<SessionStoreException>(() => index.RevokeOwnerSessionsAsync("ada").AsTask());

        Assert.Equal("Session store StoreWithIndex: could not list a user's sessions: the index is down", listing.Message);
        Assert.Equal("Session store StoreWithIndex: could not revoke a session: the index is down", revoking.Message);
        Assert.Equal("Session store StoreWithIndex: could not revoke a user's sessions: the index is down", revokingAll.Message);
        Assert.IsType<IOException>(listing.InnerException);
    }

    [Fact]
    public async Task A_caller_mistake_is_an_argument_error_not_a_store_failure()
    {
        var store = new StoreWithIndex();
        using var services = Services(b => b.AddStore(_ => store));
        var index = services.GetRequiredService<ISessionOwnerIndex>();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => index.GetOwnerSessionsAsync("ada", limit: 0).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.RevokeSessionAsync("", "k").AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.RevokeOwnerSessionsAsync(null!).AsTask());
        Assert.Equal(0, store.Calls);
    }

    [Fact]
    public async Task A_hanging_index_times_out_at_StoreTimeout()
    {
        var store = new StoreWithIndex { Hang = true };
        using var services = Services(b => b.AddStore(_ => store));
        var index = services.GetRequiredService<ISessionOwnerIndex>();

        var error = await Assert.ThrowsAsync<SessionStoreException>(() => index.GetOwnerSessionsAsync("ada").AsTask());

        Assert.StartsWith("Session store StoreWithIndex: could not list a user's sessions: timed out after 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_all_stops_when_a_full_page_lists_only_sessions_that_cannot_be_revoked()
    {
        var store = new StoreWithIndex { ListsPhantoms = true };

        Assert.Equal(0, await ((ISessionOwnerIndex)store).RevokeOwnerSessionsAsync("ada"));

        Assert.Equal(101, store.Calls); // one listing, a hundred refused revocations, and no second listing
    }

    private class StoreWithoutIndex : ISessionStore
    {
        public ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult<StoredSession?>(null);

        public ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DeleteAsync(string key, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>
    /// An index that fails, hangs until cancelled, lists nothing, or lists a full page of sessions it cannot revoke (an
    /// index that lags behind); revoke-all is the interface's own.
    /// </summary>
    private sealed class StoreWithIndex : StoreWithoutIndex, ISessionOwnerIndex
    {
        public Exception? Failure { get; init; }

        public bool Hang { get; init; }

        public bool ListsPhantoms { get; init; }

        public int Calls => _calls;

        public async ValueTask<IReadOnlyList<OwnedSession>> GetOwnerSessionsAsync(string ownerId, int limit = 100, CancellationToken cancellationToken = default)
        {
            await CallAsync(cancellationToken);
            return ListsPhantoms ? [.. Enumerable.Range(0, limit).Select(i => new OwnedSession($"phantom{i}", default, default, null))] : [];
        }

        public async ValueTask<bool> RevokeSessionAsync(string ownerId, string publicId, CancellationToken cancellationToken = default)
        {
            await CallAsync(cancellationToken);
            return false;
        }

        private int _calls;

        private async Task CallAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls); // revocations of a page run at once
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (Failure is not null)
            {
                throw Failure;
            }
        }
    }
}
