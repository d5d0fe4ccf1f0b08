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

    /// <summary>True while an exception handler inside UseScSession() renders its error page (see <see cref="ResponseStartGate"/>).</summary>
    public bool RenderingErrorPage => gate.RenderingErrorPage;

    public Stream Stream => _stream ??= new SessionCommittingStream(inner.Stream, this);

    public PipeWriter Writer => _writer ??= new SessionCommittingPipeWriter(inner.Writer, this);

    /// <summary>
    /// True once the gate was passed, or failed (its failure was thrown to the first writer, once): later writes go
    /// straight through — an error page rendered after the failure, say.
    /// </summary>
    public bool Committed => gate.Passed || gate.Failed;

    /// <summary>True when a write may go straight to the server: committed, and no bytes wait in the body writer.</summary>
    public bool Clear => Committed && _writer is not { HoldsBytes: true };

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

    /// <summary>
    /// Passes the gate unless that was done — the <c>OnStarting</c> callbacks inside ScSession, then the final save —
    /// and hands on whatever the body writer held while the save was pending, so bytes keep their order whichever
    /// path (writer, stream, start, file, complete) comes next.
    /// </summary>
    public Task CommitAsync()
    {
        if (Clear)
        {
            return Task.CompletedTask;
        }

        return CommitAndReleaseAsync();
    }

    /// <summary>Passes the gate (or joins the pass under way) without touching held bytes.</summary>
    public Task PassGate() => Committed ? Task.CompletedTask : gate.PassAsync();

    private async Task CommitAndReleaseAsync()
    {
        if (!Committed)
        {
            try
            {
                await gate.PassAsync().ConfigureAwait(false);
            }
            catch
            {
                _writer?.DropHeld(); // written for a response whose save failed; the failure goes up from here, once
                throw;
            }
        }

        _writer?.ReleaseHeld(); // throws the failure if the save the held bytes waited for failed before anyone awaited it
    }

    /// <summary>
    /// The gate for a synchronous write: passes at once for the cookie store (no I/O); a save that has to wait (a
    /// server store) blocks here, as synchronous writes block on I/O anyway (and are refused by default).
    /// </summary>
    public void Commit()
    {
        if (!Committed)
        {
            try
            {
                gate.PassAsync().GetAwaiter().GetResult();
            }
            catch
            {
                _writer?.DropHeld();
                throw;
            }
        }

        _writer?.ReleaseHeld();
    }
}
