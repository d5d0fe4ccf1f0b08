using System.Diagnostics;

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
/// <para>Each operation is a span of the <see cref="ActivitySource"/> <c>ScSession</c> (<c>ScSession load</c>,
/// <c>ScSession save</c>…; kind client; tags <c>scsession.store</c> and <c>scsession.operation</c>), so a trace shows
/// the session's store calls next to the request's. Without a listener it costs one check.</para>
/// </remarks>
internal sealed class StoreOperationGuard(string storeName, TimeSpan timeout)
{
    /// <summary>The source of ScSession's spans; listen to it with OpenTelemetry's <c>AddSource("ScSession")</c>.</summary>
    public static readonly ActivitySource Source = new(ScSessionMetrics.MeterName);

    /// <summary>The store's type name, as errors and spans name it.</summary>
    public string StoreName => storeName;

    /// <summary>
    /// Runs an operation that follows the caller's token: cancelled when <paramref name="cancellationToken"/> is (then
    /// the <see cref="OperationCanceledException"/> goes on unwrapped: not a failure of the store) or at the timeout.
    /// </summary>
    public async ValueTask<TResult> RunAsync<TState, TResult>(StoreOperation operation, TState state, Func<TState, CancellationToken, ValueTask<TResult>> run, CancellationToken cancellationToken)
    {
        using var activity = Start(operation);
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
            activity?.SetStatus(ActivityStatusCode.Error, "cancelled by the caller");
            throw; // the caller gave up (the client went away): not a failure of the store
        }
        catch (Exception ex) when (ex is not SessionStoreException and not SessionConflictException)
        {
            throw Failed(activity, Failure(operation, ex, deadline.IsCancellationRequested));
        }
        catch (Exception ex)
        {
            Failed(activity, ex);
            throw;
        }
    }

    /// <summary>
    /// Runs a write of the request's session, cancelled only at the timeout, never by the client.
    /// </summary>
    public async ValueTask WriteAsync<TState>(StoreOperation operation, TState state, Func<TState, CancellationToken, ValueTask> write)
    {
        using var activity = Start(operation);
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
            throw Failed(activity, Failure(operation, ex, deadline.IsCancellationRequested));
        }
        catch (Exception ex)
        {
            Failed(activity, ex);
            throw;
        }
    }

    private Activity? Start(StoreOperation operation)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(operation.SpanName, ActivityKind.Client);
        activity?.SetTag("scsession.store", storeName);
        activity?.SetTag("scsession.operation", operation.Name);
        return activity;
    }

    /// <summary>Marks the span failed (a conflict too: the save did not happen) and hands the exception back to throw.</summary>
    private static Exception Failed(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            activity.AddException(exception);
        }

        return exception;
    }

    private void ThrowIfLate(CancellationTokenSource deadline, CancellationToken cancellationToken, StoreOperation operation)
    {
        if (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Failure(operation, null, timedOut: true);
        }
    }

    private SessionStoreException Failure(StoreOperation operation, Exception? cause, bool timedOut) => timedOut
        ? new SessionStoreException(
            FormattableString.Invariant($"Session store {storeName}: could not {operation.Description}: timed out after {timeout.TotalSeconds:0.###} s (ScSession:StoreTimeout)."),
            cause ?? new TimeoutException())
        : new SessionStoreException($"Session store {storeName}: could not {operation.Description}: {cause!.Message}", cause);
}
