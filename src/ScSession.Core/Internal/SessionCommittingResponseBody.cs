using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace ScSession.Internal;

/// <summary>
/// The response body of a request with a session: the first write, flush, start or file send passes the
/// <see cref="ResponseStartGate"/> (the <c>OnStarting</c> callbacks inside ScSession, then the session's save) before
/// anything reaches the client, so a save that fails (a session too large for its cookie, a store that is down)
/// throws from that write — up through the endpoint to the application's exception handling
/// (<c>UseExceptionHandler</c>, the developer exception page), while the response has not started and an error page
/// can still be rendered.
/// </summary>
/// <remarks>
/// ASP.NET Core has no hook that every endpoint passes through between its last session change and its first byte, and
/// <c>Response.OnStarting</c> runs where an exception can only abort the response (an empty 500). Wrapping the body
/// feature is how response compression and caching hook writes too. The middleware saves itself when nothing was
/// written, and keeps <c>OnStarting</c> as a last resort for a response started some other way.
/// </remarks>
internal sealed class SessionCommittingResponseBody(IHttpResponseBodyFeature inner, ResponseStartGate gate) : IHttpResponseBodyFeature
{
    private SessionCommittingStream? _stream;
    private SessionCommittingPipeWriter? _writer;

    public IHttpResponseBodyFeature Inner => inner;

    public Stream Stream => _stream ??= new SessionCommittingStream(inner.Stream, this);

    public PipeWriter Writer => _writer ??= new SessionCommittingPipeWriter(inner.Writer, this);

    /// <summary>True once the gate was passed: later writes go straight through.</summary>
    public bool Committed => gate.Passed;

    public void DisableBuffering() => inner.DisableBuffering();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await CommitAsync().ConfigureAwait(false);
        await inner.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await CommitAsync().ConfigureAwait(false);
        await inner.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteAsync()
    {
        await CommitAsync().ConfigureAwait(false);
        await inner.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Passes the gate unless that was done: the <c>OnStarting</c> callbacks inside ScSession, then the final save.</summary>
    public Task CommitAsync() => gate.Passed ? Task.CompletedTask : gate.PassAsync();

    /// <summary>
    /// The gate for a synchronous write: passes at once for the cookie store (no I/O); a save that has to wait (a
    /// server store) blocks here, as synchronous writes block on I/O anyway (and are refused by default).
    /// </summary>
    public void Commit()
    {
        if (!gate.Passed)
        {
            gate.PassAsync().GetAwaiter().GetResult();
        }
    }
}
