using Microsoft.AspNetCore.Http.Features;

namespace ScSession.Internal;

/// <summary>
/// What must happen before the first byte of a response with a session: the <c>OnStarting</c> callbacks registered
/// inside the ScSession middleware (MVC saves TempData in one), then the session's final save. Run by the first write,
/// flush, start or file send, or by the middleware when the endpoint wrote nothing — in the request's own call stack,
/// so a failure throws where the application's exception handling sees it, not where it can only abort the response.
/// </summary>
internal sealed class ResponseStartGate(SessionState state)
{
    private List<(Func<object, Task> Callback, object State)>? _callbacks;
    private Task? _passing;

    /// <summary>True once the gate was passed (or is being passed): later callbacks go to the server directly.</summary>
    public bool Opened => _passing is not null;

    /// <summary>True when the response may be written without waiting: the gate was passed, or there is nothing to do.</summary>
    public bool Passed => _passing is { IsCompletedSuccessfully: true } || (_passing is null && _callbacks is null && state.IsFinalCommitDone);

    /// <summary>Keeps an <c>OnStarting</c> callback to run at the gate, in the server's order (last registered first).</summary>
    public void Add(Func<object, Task> callback, object callbackState) => (_callbacks ??= []).Add((callback, callbackState));

    /// <summary>Runs the callbacks and the final save, once; every caller awaits the same run (and sees its failure).</summary>
    public Task PassAsync() => _passing ??= RunAsync();

    private async Task RunAsync()
    {
        if (_callbacks is { } callbacks)
        {
            for (var i = callbacks.Count - 1; i >= 0; i--)
            {
                await callbacks[i].Callback(callbacks[i].State).ConfigureAwait(false);
            }
        }

        await state.CommitFinalAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The fallback registered with the server: a response started without passing the gate still passes it first. A
    /// gate already passed — or failed, when the failure went up the pipeline and an error page is now being written —
    /// is not passed again.
    /// </summary>
    public static Task PassFromServer(object gate)
    {
        var self = (ResponseStartGate)gate;
        return self.Opened ? Task.CompletedTask : self.PassAsync();
    }
}

/// <summary>
/// The response feature inside the ScSession middleware: <c>OnStarting</c> callbacks registered there wait at the
/// <see cref="ResponseStartGate"/>, so they still run before the session is saved, as they did when the save was itself
/// an <c>OnStarting</c> callback. Everything else is the server's.
/// </summary>
internal sealed class GatedResponseFeature(IHttpResponseFeature inner, ResponseStartGate gate) : IHttpResponseFeature
{
    public IHttpResponseFeature Inner => inner;

    public int StatusCode
    {
        get => inner.StatusCode;
        set => inner.StatusCode = value;
    }

    public string? ReasonPhrase
    {
        get => inner.ReasonPhrase;
        set => inner.ReasonPhrase = value;
    }

    public Microsoft.AspNetCore.Http.IHeaderDictionary Headers
    {
        get => inner.Headers;
        set => inner.Headers = value;
    }

    [Obsolete("Use IHttpResponseBodyFeature.Stream; kept for the interface.")]
    public Stream Body
    {
        get => inner.Body;
        set => inner.Body = value;
    }

    public bool HasStarted => inner.HasStarted;

    public void OnStarting(Func<object, Task> callback, object state)
    {
        if (gate.Opened || inner.HasStarted)
        {
            inner.OnStarting(callback, state); // too late for the gate: the server decides (and refuses once started)
        }
        else
        {
            gate.Add(callback, state);
        }
    }

    public void OnCompleted(Func<object, Task> callback, object state) => inner.OnCompleted(callback, state);
}
