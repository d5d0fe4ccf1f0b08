using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;
using ScSession.Internal;

namespace ScSession;

// The owner index on the owner_id column: listing and revoking a user's sessions, and MaxSessionsPerOwner under an advisory lock per owner.
public sealed partial class PostgresSessionStore
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OwnedSession>> GetOwnerSessionsAsync(string ownerId, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return RunAsync<IReadOnlyList<OwnedSession>>(async token =>
        {
            await using var command = Command(null, _sql.OwnerSessions, Text(ownerId), Time(Now()), new NpgsqlParameter<int> { TypedValue = limit });
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var sessions = new List<OwnedSession>();
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                sessions.Add(new OwnedSession(
                    reader.GetString(0),
                    reader.GetFieldValue<DateTimeOffset>(1),
                    reader.GetFieldValue<DateTimeOffset>(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3)));
            }

            return sessions;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> RevokeSessionAsync(string ownerId, string publicId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(publicId);
        return RunAsync(async token =>
        {
            await using var command = Command(null, _sql.RevokeSession, Text(publicId), Text(ownerId), Time(Now()));
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One statement deletes every session of the owner (their sections go with them), instead of a page at a time.</remarks>
    public ValueTask<int> RevokeOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        return RunAsync(async token =>
        {
            await using var command = Command(null, _sql.RevokeOwner, Text(ownerId), Time(Now()));
            var revoked = await command.ExecuteScalarAsync(token).ConfigureAwait(false);
            return checked((int)(long)revoked!);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One transaction under the owner's advisory lock (see the class remarks).</remarks>
    public ValueTask<OwnerSessionAdmission> AdmitOwnerSessionAsync(string ownerId, string key, int maxSessions, MaxSessionsPolicy policy, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessions, 1);
        return RunAsync(async token =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
            await using (var lockOwner = Command(connection, _sql.LockOwner, Text(ownerId)))
            {
                lockOwner.Transaction = transaction;
                await lockOwner.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }

            var live = new List<string>();
            await using (var list = Command(connection, _sql.LiveOwnerSessions, Text(ownerId), Time(Now())))
            {
                list.Transaction = transaction;
                await using var reader = await list.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    live.Add(reader.GetString(0));
                }
            }

            // Not among them: ended or re-owned since its save, so there is nothing to count it against.
            if (!live.Remove(key) || live.Count < maxSessions)
            {
                await transaction.CommitAsync(token).ConfigureAwait(false);
                return OwnerSessionAdmission.Admit;
            }

            if (policy == MaxSessionsPolicy.RefuseNewSession)
            {
                await using var disown = Command(connection, _sql.DisownSession, Text(key), Text(ownerId));
                disown.Transaction = transaction;
                await disown.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                await transaction.CommitAsync(token).ConfigureAwait(false);
                return OwnerSessionAdmission.Refuse;
            }

            var revoked = new List<string>();
            await using (var revoke = Command(connection, _sql.RevokeSessions, new NpgsqlParameter<string[]> { TypedValue = [.. live.Take(live.Count - maxSessions + 1)] }, Text(ownerId)))
            {
                revoke.Transaction = transaction;
                await using var reader = await revoke.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    revoked.Add(reader.GetString(0));
                }
            }

            await transaction.CommitAsync(token).ConfigureAwait(false);
            return new OwnerSessionAdmission(true, revoked);
        }, cancellationToken);
    }
}
