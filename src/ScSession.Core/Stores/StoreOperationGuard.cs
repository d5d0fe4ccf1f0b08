namespace ScSession.Internal;

/// <summary>
/// Runs one operation of a server-side store within <see cref="ScSessionOptions.StoreTimeout"/> and turns any failure
/// into a <see cref="SessionStoreException"/> naming the store and the operation, so a store that is down or slow fails
/// the request loudly and never drops a write in silence.
/// </summary>
/// <remarks>
/// <para>The store gets a token that is cancelled at the timeout, so even a store that blocks until its token fires
/// (an <c>IDistributedCache</c> waiting on a connection) returns in time; the wait is bounded as well, for asynchronous
/// stores that ignore their token. Only a store that blocks the calling thread and ignores its token can still hold
/// a request past the deadline. An operation that returns only after the deadline counts as timed out, whatever it
/// returned.</para>
/// <para>Writes (save, touch, renew, delete) are never cancelled by the client: a browser that goes away before the
/// response starts must not make an endpoint's session change vanish while its other effects stand. Only a load
/// follows the request's token.</para>
/// <para>Nothing is logged here: the exception reaches the application's error handling, and the host logs it once.</para>
/// </remarks>
internal sealed class StoreOperationGuard(string storeName, TimeSpan timeout)
{
    /// <summary>Runs a load, cancelled when the client goes away or at the timeout.</summary>
    public async ValueTask<TResult> LoadAsync<TState, TResult>(TState state, Func<TState, CancellationToken, ValueTask<TResult>> load, CancellationToken requestAborted)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(timeout);
        try
        {
            var pending = load(state, deadline.Token);
            var result = pending.IsCompletedSuccessfully ? pending.Result : await pending.AsTask().WaitAsync(deadline.Token).ConfigureAwait(false);
            ThrowIfLate(deadline, requestAborted, "load");
            return result;
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            throw; // the client went away: not a failure of the store
        }
        catch (Exception ex) when (ex is not SessionStoreException)
        {
            throw Failure("load", ex, deadline.IsCancellationRequested);
        }
    }

    /// <summary>Runs a write, cancelled only at the timeout, never by the client.</summary>
    public async ValueTask WriteAsync<TState>(string operation, TState state, Func<TState, CancellationToken, ValueTask> write)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            var pending = write(state, deadline.Token);
            if (!pending.IsCompletedSuccessfully)
            {
                await pending.AsTask().WaitAsync(deadline.Token).ConfigureAwait(false);
            }

            ThrowIfLate(deadline, CancellationToken.None, operation);
        }
        catch (Exception ex) when (ex is not SessionStoreException)
        {
            throw Failure(operation, ex, deadline.IsCancellationRequested);
        }
    }

    private void ThrowIfLate(CancellationTokenSource deadline, CancellationToken requestAborted, string operation)
    {
        if (deadline.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            throw Failure(operation, null, timedOut: true);
        }
    }

    private SessionStoreException Failure(string operation, Exception? cause, bool timedOut) => timedOut
        ? new SessionStoreException(
            FormattableString.Invariant($"Session store {storeName}: {operation} timed out after {timeout.TotalSeconds:0.###} s (ScSession:StoreTimeout)."),
            cause ?? new TimeoutException())
        : new SessionStoreException($"Session store {storeName}: could not {operation} a session: {cause!.Message}", cause);
}
