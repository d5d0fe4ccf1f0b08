using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ScSession.Internal;

/// <summary>
/// What must happen before the first byte of a response with a session: the <c>OnStarting</c> callbacks registered
/// inside the ScSession middleware (MVC saves TempData in one), then the session's final save. Run by the first write,
/// flush, start or file send, or by the middleware when the endpoint wrote nothing — in the request's own call stack,
/// so a failure throws where the application's exception handling sees it, not where it can only abort the response.
/// </summary>
internal sealed class ResponseStartGate(HttpContext context, SessionState state)
{
    private List<(Func<object, Task> Callback, object State)>? _callbacks;
    private bool _running;
    private bool _saving;
    private Task? _passing;

    /// <summary>True when the response may be written without waiting: the gate was passed, or nothing will be saved.</summary>
    public bool Passed => _passing is { IsCompletedSuccessfully: true } || (_passing is null && !_running && _callbacks is not { Count: > 0 } && state.IsFinalCommitDone);

    /// <summary>True when passing the gate failed (the failure was thrown to whoever wrote first).</summary>
    public bool Failed => _passing is { IsFaulted: true } or { IsCanceled: true };

    /// <summary>The pass, while it is still running (an asynchronous save); null otherwise.</summary>
    public Task? Pending => _passing is { IsCompleted: false } passing ? passing : null;

    /// <summary>True while an exception handler inside UseScSession() renders its error page for a request that failed.</summary>
    public bool RenderingErrorPage => context.Features.Get<IExceptionHandlerFeature>() is not null;

    /// <summary>Why passing the gate failed, or null.</summary>
    public Exception? Failure => _passing?.Exception?.InnerException;

    /// <summary>Keeps an <c>OnStarting</c> callback to run at the gate, in the server's order (last registered first).</summary>
    public bool TryAdd(Func<object, Task> callback, object callbackState)
    {
        if (_saving || (_passing is not null && !_running))
        {
            return false;
        }

        (_callbacks ??= []).Add((callback, callbackState));
        return true;
    }

    /// <summary>Runs the callbacks and the final save, once; every caller awaits the same run (and sees its failure).</summary>
    public Task PassAsync()
    {
        if (_passing is null && !_running)
        {
            _running = true;
            _passing = RunAsync();
        }

        return _passing ?? Task.CompletedTask; // re-entered from a callback of the run itself: it goes on
    }

    private async Task RunAsync()
    {
        // Callbacks may register more callbacks: they run too, before the save, as on the server.
        while (_callbacks is { Count: > 0 })
        {
            var last = _callbacks[^1];
            _callbacks.RemoveAt(_callbacks.Count - 1);
            await last.Callback(last.State).ConfigureAwait(false);
        }

        _saving = true;
        if (RenderingErrorPage)
        {
            // An exception handler inside UseScSession() is rendering its error page for a request that failed: what
            // that request changed is not saved (as when the exception reaches the middleware).
            state.Abandon();
        }

        try
        {
            await state.CommitFinalAsync().ConfigureAwait(false);
            _running = false;
        }
        catch
        {
            _running = false;
            // Thrown to the first writer, once. An error page written after it (an exception handler inside
            // UseScSession()) goes through: this request saves nothing more.
            state.Abandon();
            throw;
        }
    }

    /// <summary>
    /// The fallback registered with the server: a response started without passing the gate still passes it first; one
    /// being passed is waited for. A gate that failed is not passed again: its failure went up the pipeline, and an error
    /// page is being written.
    /// </summary>
    public static Task PassFromServer(object gate)
    {
        var self = (ResponseStartGate)gate;
        return self.Failed ? Task.CompletedTask : self.PassAsync();
    }
}

/// <summary>
/// The response feature inside the ScSession middleware: <c>OnStarting</c> callbacks registered there wait at the
/// <see cref="ResponseStartGate"/>, so they still run before the session is saved, as they did when the save was itself
/// an <c>OnStarting</c> callback. Everything else is the server's.
/// </summary>
internal sealed class GatedResponseFeature(IHttpResponseFeature inner, ResponseStartGate gate) : IHttpResponseFeature
{
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

    public IHeaderDictionary Headers
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
        if (inner.HasStarted || !gate.TryAdd(callback, state))
        {
            inner.OnStarting(callback, state); // too late for the gate: the server decides (and refuses once started)
        }
    }

    public void OnCompleted(Func<object, Task> callback, object state) => inner.OnCompleted(callback, state);
}
