using Npgsql;
using NpgsqlTypes;
using static ScSession.PostgresSessionStore;

namespace ScSession.Internal;

/// <summary>
/// Writes a save's changed sections, each one version up, and checks the versions a checked write expects
/// (<see cref="SessionWrite.ExpectedVersions"/>) in the save's own transaction: no lock outlives it.
/// </summary>
internal sealed class PostgresSectionWriter(PostgresSessionSql sql)
{
    /// <summary>
    /// Runs <paramref name="batch"/> (whose commands lock the session row first) with the changed sections upserted
    /// under <paramref name="key"/>, each one version up. A checked write first reads the stored versions in the same
    /// batch; when one is not the expected one, or a guarded upsert wrote no row, <see cref="SessionConflictException"/>
    /// names those sections and the caller's transaction, never committed, is rolled back when disposed.
    /// </summary>
    public async ValueTask WriteAsync(NpgsqlBatch batch, string key, SessionWrite write, CancellationToken token)
    {
        var expected = write.ExpectedVersions is { Count: > 0 } checkedVersions ? checkedVersions : null;
        if (expected is not null)
        {
            batch.BatchCommands.Add(BatchCommand(sql.SectionVersions, Text(key), new NpgsqlParameter<string[]> { TypedValue = [.. expected.Keys] }));
        }

        var upserts = batch.BatchCommands.Count;
        foreach (var (name, data) in write.ChangedSections)
        {
            // The expected version guards the upsert too (NULL: unchecked).
            var expectedVersion = new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = expected?.TryGetValue(name, out var version) == true ? version : DBNull.Value };
            batch.BatchCommands.Add(BatchCommand(sql.UpsertSection, Text(key), Text(name), new NpgsqlParameter<byte[]> { TypedValue = data.ToArray() }, expectedVersion));
        }

        if (expected is null)
        {
            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }

            return;
        }

        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync(token).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var stale = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, version) in expected)
        {
            if (stored.GetValueOrDefault(name) != version)
            {
                stale.Add(name);
            }
        }

        for (var i = upserts; i < batch.BatchCommands.Count; i++)
        {
            if (batch.BatchCommands[i].RecordsAffected == 0)
            {
                stale.Add((string)batch.BatchCommands[i].Parameters[1].Value!);
            }
        }

        if (stale.Count > 0)
        {
            // Not committed: disposing the transaction rolls it back. No explicit rollback here, whose own failure (a
            // timeout, a dropped connection) would replace the conflict with a store error.
            throw new SessionConflictException([.. stale]);
        }
    }
}
