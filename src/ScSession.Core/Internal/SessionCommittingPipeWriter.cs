using System.Buffers;
using System.IO.Pipelines;

namespace ScSession.Internal;

/// <summary>
/// The response body writer of <see cref="SessionCommittingResponseBody"/>: saves the session before the first byte is
/// handed to the server's writer.
/// </summary>
/// <remarks>
/// <see cref="GetMemory"/> is synchronous, and a server's writer may start the response there, so the save runs there:
/// for the cookie store it completes at once and its failure throws from <see cref="GetMemory"/>. When the save has
/// to wait (a server store), the bytes go to a buffer of this writer until <see cref="FlushAsync"/>, which awaits the
/// save (throwing its failure) and then hands the buffer on. Once saved, every call goes straight through.
/// </remarks>
internal sealed class SessionCommittingPipeWriter(PipeWriter inner, SessionCommittingResponseBody body) : PipeWriter
{
    private Task? _pendingCommit;
    private ArrayBufferWriter<byte>? _held;

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
        await CommitAndReleaseAsync().ConfigureAwait(false);
        return await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        await CommitAndReleaseAsync().ConfigureAwait(false);
        return await inner.WriteAsync(source, cancellationToken).ConfigureAwait(false);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        if (exception is null)
        {
            body.Commit();
            Release();
        }

        inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (exception is null)
        {
            await CommitAndReleaseAsync().ConfigureAwait(false);
        }

        await inner.CompleteAsync(exception).ConfigureAwait(false);
    }

    public override bool CanGetUnflushedBytes => _held is null && inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _held?.WrittenCount ?? inner.UnflushedBytes;

    /// <summary>True when bytes may go to the server's writer: the session is saved, now or before.</summary>
    private bool Ready()
    {
        if (_held is not null)
        {
            return false;
        }

        if (body.Committed)
        {
            return true;
        }

        var commit = body.CommitAsync();
        if (commit.IsCompleted)
        {
            commit.GetAwaiter().GetResult(); // a failed save throws here, before any byte is written
            return true;
        }

        _pendingCommit = commit;
        _held = new ArrayBufferWriter<byte>();
        return false;
    }

    private async ValueTask CommitAndReleaseAsync()
    {
        if (_pendingCommit is { } pending)
        {
            _pendingCommit = null;
            await pending.ConfigureAwait(false);
        }
        else if (!body.Committed)
        {
            await body.CommitAsync().ConfigureAwait(false);
        }

        Release();
    }

    private void Release()
    {
        if (_held is { WrittenCount: > 0 } held)
        {
            inner.Write(held.WrittenSpan);
        }

        _held = null;
    }
}
