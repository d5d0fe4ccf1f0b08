using System.Buffers;
using System.IO.Pipelines;

namespace ScSession.Internal;

/// <summary>
/// The response body writer of <see cref="SessionCommittingResponseBody"/>: saves the session before the first byte is
/// handed to the server's writer.
/// </summary>
/// <remarks>
/// <see cref="GetMemory"/> is synchronous, and a server's writer may start the response there, so the save starts
/// there: for the cookie store it completes at once and its failure throws from <see cref="GetMemory"/>. When the
/// save has to wait (a server store, an asynchronous event handler), the bytes go to a buffer of this writer until the
/// save is done: the next call that finds it done, a flush, or any other path of the body
/// (<see cref="SessionCommittingResponseBody.CommitAsync"/>) hands them on first, so nothing is lost or reordered. From
/// then on every call goes straight through.
/// </remarks>
internal sealed class SessionCommittingPipeWriter(PipeWriter inner, SessionCommittingResponseBody body) : PipeWriter
{
    private ArrayBufferWriter<byte>? _held;
    private Task? _heldFor; // the pending pass the held bytes wait for
    private bool _heldBeforeErrorPage; // held while no error page was being rendered: if one begins, they are a failed endpoint's

    /// <summary>True while bytes wait for a pending save.</summary>
    public bool HoldsBytes => _held is not null;

    public override Memory<byte> GetMemory(int sizeHint = 0) => Ready() ? inner.GetMemory(sizeHint) : _held!.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => Ready() ? inner.GetSpan(sizeHint) : _held!.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        if (_held is not null)
        {
            _held.Advance(bytes);
        }
        else
        {
            inner.Advance(bytes);
        }
    }

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        await body.CommitAsync().ConfigureAwait(false);
        return await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        await body.CommitAsync().ConfigureAwait(false);
        return await inner.WriteAsync(source, cancellationToken).ConfigureAwait(false);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        if (exception is null)
        {
            body.Commit();
        }

        inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (exception is null)
        {
            await body.CommitAsync().ConfigureAwait(false);
        }

        await inner.CompleteAsync(exception).ConfigureAwait(false);
    }

    public override bool CanGetUnflushedBytes => _held is null && inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _held?.WrittenCount ?? inner.UnflushedBytes;

    /// <summary>
    /// Hands the held bytes to the server's writer once the save they waited for is done: from here on, calls go
    /// straight through. If that save failed and no write has thrown its failure yet, the bytes are dropped and the
    /// failure throws here, to the writer that wrote them: a response written before a failed save must not reach the
    /// client as if it had been saved.
    /// </summary>
    public void ReleaseHeld()
    {
        if (_held is { } held)
        {
            var pass = _heldFor;
            _held = null;
            _heldFor = null;
            if (pass is { IsFaulted: true } or { IsCanceled: true })
            {
                pass.GetAwaiter().GetResult();
            }

            // Written by an endpoint that then failed, before an exception handler inside UseScSession() began its
            // error page: Response.Clear() cannot reach them (the body does not seek), so they are dropped here.
            var failedResponse = _heldBeforeErrorPage && body.RenderingErrorPage;
            if (held.WrittenCount > 0 && !failedResponse)
            {
                inner.Write(held.WrittenSpan);
            }
        }
    }

    /// <summary>Drops the held bytes: the save they waited for failed, and that failure was thrown to a write.</summary>
    public void DropHeld()
    {
        _held = null;
        _heldFor = null;
    }

    /// <summary>True when bytes may go to the server's writer: the session is saved, now or before.</summary>
    /// <remarks>
    /// The held bytes are handed on here or by an awaited call of the app (never by a continuation of the save, which
    /// could run while the app writes into the memory it was given).
    /// </remarks>
    private bool Ready()
    {
        if (_held is null && body.Committed)
        {
            return true;
        }

        if (!body.Committed)
        {
            var pass = body.PassGate();
            if (!pass.IsCompleted)
            {
                if (_held is null)
                {
                    _held = new ArrayBufferWriter<byte>();
                    _heldBeforeErrorPage = !body.RenderingErrorPage;
                }

                _heldFor = pass;
                return false;
            }

            pass.GetAwaiter().GetResult(); // a failed save throws here, before any byte is written
        }

        ReleaseHeld();
        return true;
    }
}
