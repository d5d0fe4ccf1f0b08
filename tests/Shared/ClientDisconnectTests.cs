namespace ScSession.TestSupport;

/// <summary>
/// A client that goes away before the response starts must not make the endpoint's session change vanish: the save
/// is not cancelled by the client; it completes (within StoreTimeout) or fails loudly. Run against each store over a
/// real Kestrel connection; the store is wrapped so that it honours its cancellation token, as real I/O does.
/// </summary>
public abstract class ClientDisconnectTests
{
    /// <summary>The store under test.</summary>
    protected abstract ISessionStore CreateStore(IServiceProvider services);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_change_made_before_the_client_went_away_is_saved(bool writesABodyAfterwards)
    {
        CancellationTokenObservingStore? observed = null;
        await using var app = await KestrelSessionApp.StartAsync(session => session.AddStore(services => observed = new CancellationTokenObservingStore(CreateStore(services))));
        using var client = app.NewClient();
        Assert.Equal("1", await client.GetStringAsync("/count"));

        using (var gone = new CancellationTokenSource())
        {
            var slow = client.GetAsync(writesABodyAfterwards ? "/slow?body=true" : "/slow", gone.Token);
            await app.SlowRequestWaiting.WaitAsync(TimeSpan.FromSeconds(10));
            gone.Cancel(); // the browser closes the tab: the connection is aborted before the response starts
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);
        }

        await app.SlowRequestEnded.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("2", await client.GetStringAsync("/count/peek"));
        Assert.Equal(0, observed!.WritesGivenACancelledToken);
    }

    /// <summary>Passes every call on after a short asynchronous wait that honours the token, and counts writes cancelled before they ran.</summary>
    private sealed class CancellationTokenObservingStore(ISessionStore inner) : ISessionStore
    {
        public int WritesGivenACancelledToken;

        private async ValueTask WaitAsync(CancellationToken token, bool write)
        {
            if (write && token.IsCancellationRequested)
            {
                Interlocked.Increment(ref WritesGivenACancelledToken);
            }

            await Task.Delay(5, token);
        }

        public async ValueTask<StoredSession?> LoadAsync(string key, CancellationToken token)
        {
            await WaitAsync(token, write: false);
            return await inner.LoadAsync(key, token);
        }

        public async ValueTask SaveAsync(string key, SessionWrite write, CancellationToken token)
        {
            await WaitAsync(token, write: true);
            await inner.SaveAsync(key, write, token);
        }

        public async ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken token)
        {
            await WaitAsync(token, write: true);
            await inner.RenewAsync(oldKey, newKey, write, token);
        }

        public async ValueTask DeleteAsync(string key, CancellationToken token)
        {
            await WaitAsync(token, write: true);
            await inner.DeleteAsync(key, token);
        }

        public async ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken token)
        {
            await WaitAsync(token, write: true);
            await inner.TouchAsync(key, lastSeenAt, timeToLive, token);
        }
    }
}
