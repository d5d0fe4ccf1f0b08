namespace ScSession.TestSupport;

/// <summary>
/// A client that goes away before the response starts must not make the endpoint's session change vanish: the save
/// is not cancelled by the client; it completes (within StoreTimeout) or fails loudly. Run against each store over a
/// real Kestrel connection.
/// </summary>
public abstract class ClientDisconnectTests
{
    protected abstract void UseStore(ScSessionBuilder session);

    [Fact]
    public async Task A_change_made_before_the_client_went_away_is_saved()
    {
        await using var app = await KestrelSessionApp.StartAsync(UseStore);
        using var client = app.NewClient();
        Assert.Equal("1", await client.GetStringAsync("/count"));

        using (var gone = new CancellationTokenSource())
        {
            var slow = client.GetAsync("/slow", gone.Token);
            await app.SlowRequestWaiting.WaitAsync(TimeSpan.FromSeconds(10));
            gone.Cancel(); // the browser closes the tab: the connection is aborted before the response starts
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);
        }

        await app.SlowRequestEnded.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("2", await client.GetStringAsync("/count/peek"));
        Assert.DoesNotContain(app.Logs.Entries, e => e.Exception is not null && e.Exception is not OperationCanceledException);
    }
}
