using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using ScSession.Internal;

namespace ScSession;

// Expiry events (ISessionExpirySource): expired sessions reported as they are removed, and the periodic scan.
public sealed partial class MemorySessionStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Reports each expired session once, when it is removed (see the class remarks), and starts the scan that removes
    /// the expired sessions no operation meets. Disposing the registration stops both.
    /// </remarks>
    public ValueTask<IAsyncDisposable> StartReportingExpiredAsync(Action<ExpiredSession> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_lock)
        {
            _reportExpired = report;
        }

        var period = _expiryScanInterval > TimeSpan.Zero && _expiryScanInterval != Timeout.InfiniteTimeSpan ? _expiryScanInterval : Timeout.InfiniteTimeSpan;
        var scan = _time.CreateTimer(static state => ((MemorySessionStore)state!).RemoveExpired(), this, period, period);
        return ValueTask.FromResult<IAsyncDisposable>(new ExpiryReporting(this, scan));
    }

    /// <summary>Removes every expired session (reported when reporting is on); returns how many. O(sessions), under the lock.</summary>
    internal int RemoveExpired()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var expired = _sessions.Values.Where(e => e.ExpiresAt <= now).ToList();
            foreach (var entry in expired)
            {
                Expire(entry);
            }

            return expired.Count;
        }
    }

    private sealed class ExpiryReporting(MemorySessionStore store, ITimer scan) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await scan.DisposeAsync().ConfigureAwait(false);
            lock (store._lock)
            {
                store._reportExpired = null;
            }
        }
    }
}
