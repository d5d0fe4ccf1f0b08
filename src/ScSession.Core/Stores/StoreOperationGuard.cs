namespace ScSession.Internal;

/// <summary>
/// Runs one operation of a server-side store within <see cref="ScSessionOptions.StoreTimeout"/> and turns any failure
/// into a <see cref="SessionStoreException"/> naming the store and the operation, so a store that is down or slow fails
/// loudly and never drops a write in silence. This is the one place that wraps store failures: stores throw their own
/// exceptions (a <c>RedisException</c>, an <c>NpgsqlException</c>…), which end up as the inner exception here.
/// </summary>
/// <remarks>
/// <para>The store gets a token that is cancelled at the timeout, so even a store that blocks until its token fires
/// (an <c>IDistributedCache</c> waiting on a connection) returns in time; the wait is bounded as well, for asynchronous
/// stores that ignore their token. Only a store that blocks the calling thread and ignores its token can still hold
/// a request past the deadline. An operation that returns only after the deadline counts as timed out, whatever it
/// returned.</para>
/// <para>Writes of the request's session (save, touch, renew, delete) are never cancelled by the client: a browser that
/// goes away before the response starts must not make an endpoint's session change vanish while its other effects
/// stand. A load, and the owner index's operations, follow the caller's token.</para>
/// <para>Nothing is logged here: the exception reaches the application's error handling, and the host logs it once.</para>
/// </remarks>
internal sealed class StoreOperationGuard(string storeName, TimeSpan timeout)
{
    /// <summary>
    /// Runs an operation that follows the caller's token: cancelled when <paramref name="cancellationToken"/> is (then
    /// the <see cref="OperationCanceledException"/> goes on unwrapped: not a failure of the store) or at the timeout.
    /// <paramref name="operation"/> says what is done, to complete "could not …": <c>load a session</c>.
    /// </summary>
    public async ValueTask<TResult> RunAsync<TState, TResult>(string operation, TState state, Func<TState, CancellationToken, ValueTask<TResult>> run, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var pending = run(state, deadline.Token);
            var result = pending.IsCompletedSuccessfully ? pending.Result : await pending.AsTask().WaitAsync(deadline.Token).ConfigureAwait(false);
            ThrowIfLate(deadline, cancellationToken, operation);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the caller gave up (the client went away): not a failure of the store
        }
        catch (Exception ex) when (ex is not SessionStoreException and not SessionConflictException)
        {
            throw Failure(operation, ex, deadline.IsCancellationRequested);
        }
    }

    /// <summary>
    /// Runs a write of the request's session, cancelled only at the timeout, never by the client.
    /// <paramref name="operation"/> says what is done, to complete "could not …": <c>save a session</c>.
    /// </summary>
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
        catch (Exception ex) when (ex is not SessionStoreException and not SessionConflictException)
        {
            throw Failure(operation, ex, deadline.IsCancellationRequested);
        }
    }

    private void ThrowIfLate(CancellationTokenSource deadline, CancellationToken cancellationToken, string operation)
    {
        if (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Failure(operation, null, timedOut: true);
        }
    }

    private SessionStoreException Failure(string operation, Exception? cause, bool timedOut) => timedOut
        ? new SessionStoreException(
            FormattableString.Invariant($"Session store {storeName}: could not {operation}: timed out after {timeout.TotalSeconds:0.###} s (ScSession:StoreTimeout)."),
            cause ?? new TimeoutException())
        : new SessionStoreException($"Session store {storeName}: could not {operation}: {cause!.Message}", cause);
}
