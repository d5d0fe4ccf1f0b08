using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;
using ScSession.Internal;

namespace ScSession;

// The batched cleanup of expired rows, and the expiry events it and the loads report (DELETE … RETURNING).
public sealed partial class PostgresSessionStore
{
    /// <summary>
    /// Deletes the sessions (and their sections) that expired before now, in batches of 1,000, and returns how many;
    /// then the rows of leases that ended without a release (not counted). <c>AddPostgresStore</c> runs it every
    /// <see cref="PostgresSessionStoreOptions.CleanupInterval"/>.
    /// </summary>
    public ValueTask<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        return RunAsync(async token =>
        {
            var total = 0;
            int deleted;
            do
            {
                await using var command = Command(null, _sql.DeleteExpiredBatch, Time(Now()), new NpgsqlParameter<int> { TypedValue = CleanupBatchSize });
                deleted = await ReportDeletedAsync(command, token).ConfigureAwait(false);
                total += deleted;
            }
            while (deleted == CleanupBatchSize);

            await _leases.DeleteExpiredAsync(Now(), token).ConfigureAwait(false);
            return total;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each expired session is reported by the statement that deletes it — the load that meets it, or
    /// <see cref="DeleteExpiredAsync"/> — with its owner and times from the deleted row (<c>DELETE … RETURNING</c>). A row
    /// is deleted once, by one statement of one application instance, so a session is reported at most once across all
    /// instances. Sessions that expired before reporting started are reported too, by the next cleanup.
    /// </remarks>
    public ValueTask<IAsyncDisposable> StartReportingExpiredAsync(Action<ExpiredSession> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        Volatile.Write(ref _reportExpired, report);
        return ValueTask.FromResult<IAsyncDisposable>(new ExpiryReporting(this, report));
    }

    /// <summary>Runs a <c>DELETE … RETURNING key, owner_id, created_at, last_seen_at</c>, reports the rows, returns how many.</summary>
    private async ValueTask<int> ReportDeletedAsync(NpgsqlCommand delete, CancellationToken token)
    {
        var report = Volatile.Read(ref _reportExpired);
        var count = 0;
        await using var reader = await delete.ExecuteReaderAsync(token).ConfigureAwait(false);
        while (await reader.ReadAsync(token).ConfigureAwait(false))
        {
            count++;
            report?.Invoke(new ExpiredSession(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return count;
    }

    private sealed class ExpiryReporting(PostgresSessionStore store, Action<ExpiredSession> report) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Interlocked.CompareExchange(ref store._reportExpired, null, report);
            return ValueTask.CompletedTask;
        }
    }
}
