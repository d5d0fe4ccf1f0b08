using Npgsql;
using static ScSession.PostgresSessionStore;

namespace ScSession.Internal;

/// <summary>
/// The PostgreSQL store's leases of exclusive models: a row in <c>{prefix}leases</c> per (session key, section), with
/// the holder's token and an expiry on the store's clock. Each operation is one statement on a connection taken from
/// the pool for just that statement: a request that holds a lease holds no connection, lock or transaction.
/// </summary>
internal sealed class PostgresLeaseTable(NpgsqlDataSource dataSource, PostgresSessionSql sql, int commandTimeoutSeconds)
{
    private const int CleanupBatchSize = 1000;

    /// <summary>Takes the lease unless another token holds it and it has not ended; the same token extends it.</summary>
    public async ValueTask<bool> TryAcquireAsync(string key, string section, string token, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var command = Command(sql.AcquireLease, Text(key), Text(section), Text(token), Time(now + duration), Time(now));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Deletes the lease's row when <paramref name="token"/> holds it (a holder whose lease ended deletes nothing).</summary>
    public async ValueTask ReleaseAsync(string key, string section, string token, CancellationToken cancellationToken)
    {
        await using var command = Command(sql.ReleaseLease, Text(key), Text(section), Text(token));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the rows of leases that ended before <paramref name="now"/> without a release, in batches of 1,000 (each
    /// its own statement, so rows are locked briefly); returns how many. An ended lease blocks nobody, so this only
    /// keeps the table small.
    /// </summary>
    public async ValueTask<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var command = Command(sql.DeleteExpiredLeasesBatch, Time(now), new NpgsqlParameter<int> { TypedValue = CleanupBatchSize });
            deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == CleanupBatchSize);

        return total;
    }

    private NpgsqlCommand Command(string text, params NpgsqlParameter[] parameters)
    {
        var command = dataSource.CreateCommand(text);
        command.CommandTimeout = commandTimeoutSeconds;
        command.Parameters.AddRange(parameters);
        return command;
    }
}
