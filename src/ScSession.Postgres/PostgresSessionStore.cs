using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;
using ScSession.Internal;

namespace ScSession;

/// <summary>
/// A session store in PostgreSQL (on Npgsql): one row per session in <c>{prefix}sessions</c>, one row per section in
/// <c>{prefix}sections</c>. Saves upsert only the changed sections, in one transaction with the session row, so
/// concurrent requests that change different models both persist; renewal moves a session to its new key in one
/// transaction; expiry is compared with the <see cref="TimeProvider"/>'s time, and expired rows are deleted by
/// <see cref="DeleteExpiredAsync"/> (run on a timer by <c>AddPostgresStore</c>) and when a request loads one.
/// Each section row keeps a version (its number of writes): a checked save compares them under the session row's lock
/// in its own transaction, so <see cref="SessionConcurrency.Optimistic"/> models never lose a change silently.
/// <see cref="SessionConcurrency.Exclusive"/> models are leased (<see cref="ISessionLeaseStore"/>) with a row per lease in
/// <c>{prefix}leases</c>: the holder's token and an expiry, not a lock, so a request holding one holds no connection.
/// </summary>
/// <remarks>
/// <para>Failures of the server, the network or a timeout are thrown as Npgsql reports them (an <see cref="NpgsqlException"/>
/// or a <see cref="PostgresException"/>), never retried or swallowed; a lost connection also drops the pool's idle
/// connections. Behind <c>AddPostgresStore</c>, ScSession wraps them in a <see cref="SessionStoreException"/> naming the
/// store and the operation, with Npgsql's error inside.</para>
/// <para>The owner index is the indexed <c>owner_id</c> column: a listing reads only that owner's rows, the
/// <c>limit</c> most recently seen, and revoking all of them is one <c>DELETE</c>.</para>
/// <para><see cref="ScSessionOptions.MaxSessionsPerOwner"/> is one transaction per admission, serialized per owner by
/// <c>pg_advisory_xact_lock</c> on a hash of the owner ID: it counts the owner's live rows and deletes the least recently
/// seen (or refuses) before the lock is released, so simultaneous sign-ins of one user never leave more.</para>
/// <para>A lease is taken by one upsert that writes only when the row is missing, ended or already the caller's, and
/// released by deleting the caller's row; a lease whose holder died ends at its expiry (its row is deleted by
/// <see cref="DeleteExpiredAsync"/>). Waiters poll (the default <see cref="ISessionLeaseStore.WaitForLeaseReleaseAsync"/>).</para>
/// </remarks>
public sealed partial class PostgresSessionStore : ISessionStore, ISessionOwnerIndex, ISessionLeaseStore, ISessionOwnerLimitStore, ISessionExpirySource
{
    private const int CleanupBatchSize = 1000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly PostgresSessionSql _sql;
    private readonly PostgresSessionSchema _schema;
    private readonly PostgresSectionWriter _sections;
    private readonly PostgresLeaseTable _leases;
    private readonly int _commandTimeoutSeconds;
    private Action<ExpiredSession>? _reportExpired;

    /// <summary>Creates a store on <paramref name="dataSource"/> (which the caller owns and disposes).</summary>
    /// <param name="dataSource">The connections to use.</param>
    /// <param name="options">Schema, table prefix, schema creation and timeouts.</param>
    /// <param name="timeProvider">The clock expiry is measured with (the application's <see cref="TimeProvider"/>).</param>
    public PostgresSessionStore(NpgsqlDataSource dataSource, PostgresSessionStoreOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (options.CommandTimeout < TimeSpan.FromSeconds(1) && options.CommandTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CommandTimeout, "PostgreSQL session store: CommandTimeout must be at least one second.");
        }

        _dataSource = dataSource;
        _time = timeProvider;
        _sql = new PostgresSessionSql(options);
        _sections = new PostgresSectionWriter(_sql);
        _commandTimeoutSeconds = options.CommandTimeout == Timeout.InfiniteTimeSpan ? 0 : (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        _schema = new PostgresSessionSchema(dataSource, _sql, options, _commandTimeoutSeconds);
        _leases = new PostgresLeaseTable(dataSource, _sql, _commandTimeoutSeconds);
        CleanupInterval = options.CleanupInterval;
    }

    /// <inheritdoc />
    /// <remarks>True: the versions are checked within the save's transaction, and no lock outlives it.</remarks>
    public bool SupportsOptimisticConcurrency => true;

    /// <summary>How often the background cleanup runs (from the options).</summary>
    internal TimeSpan CleanupInterval { get; }

    /// <summary>
    /// The SQL that creates the store's tables and indexes for <paramref name="options"/> (all <c>IF NOT EXISTS</c>):
    /// for a migration when <see cref="PostgresSessionStoreOptions.CreateSchema"/> is off.
    /// </summary>
    public static string CreateSchemaScript(PostgresSessionStoreOptions options) => new PostgresSessionSql(options).Script;

    /// <inheritdoc />
    public ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync<StoredSession?>(async token =>
        {
            var now = Now();
            await using var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            var found = false;
            DateTimeOffset createdAt = default, lastSeenAt = default, expiresAt = default;
            string? ownerId = null;
            var sections = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
            var versions = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var command = Command(connection, _sql.Load, Text(key)))
            await using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    if (!found)
                    {
                        found = true;
                        createdAt = reader.GetFieldValue<DateTimeOffset>(0);
                        lastSeenAt = reader.GetFieldValue<DateTimeOffset>(1);
                        expiresAt = reader.GetFieldValue<DateTimeOffset>(2);
                        ownerId = reader.IsDBNull(3) ? null : reader.GetString(3);
                    }

                    if (!reader.IsDBNull(4))
                    {
                        var name = reader.GetString(4);
                        sections[name] = reader.GetFieldValue<byte[]>(5);
                        versions[name] = reader.GetInt64(6);
                    }
                }
            }

            if (!found)
            {
                return null;
            }

            if (expiresAt <= now)
            {
                // Expired: gone for the caller now, and for the table too (the condition keeps a concurrent renewal's row).
                await using var delete = Command(connection, _sql.DeleteIfExpired, Text(key), Time(now));
                await ReportDeletedAsync(delete, token).ConfigureAwait(false);
                return null;
            }

            return new StoredSession(createdAt, lastSeenAt, sections, ownerId, versions);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(write);
        return RunAsync(async token =>
        {
            var now = Now();
            await using var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = _commandTimeoutSeconds };
            if (write.IsNew)
            {
                // A new session: an expired predecessor under the same key (and its sections) goes first.
                batch.BatchCommands.Add(BatchCommand(_sql.DeleteIfExpired, Text(key), Time(now)));
                batch.BatchCommands.Add(SessionRow(_sql.UpsertSession, key, write, now));
            }
            else
            {
                // An update: only of a live session. The row lock taken here orders this save against a concurrent
                // renewal or deletion; a session that is gone gets no sections (a late request must not revive it).
                await using var update = SessionRow(_sql.UpdateLiveSession, key, write, now, connection, transaction);
                if (await update.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 0)
                {
                    // Not committed: disposing the transaction rolls it back. A change has no session to go to: said.
                    if (write.ChangedSections.Count > 0)
                    {
                        throw SessionEndedException.For(write);
                    }

                    return;
                }
            }

            // The session row is locked by now (updated or upserted first), so the versions read next stay put.
            await _sections.WriteAsync(batch, key, write, token).ConfigureAwait(false);
            await transaction.CommitAsync(token).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction: lock the old row, insert the new row, move the old sections to it, delete the old row. Either
    /// all of it happens or none; an old session that is gone (or expired) is not brought back:
    /// <see cref="SessionEndedException"/>.
    /// </remarks>
    public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(oldKey);
        ArgumentNullException.ThrowIfNull(newKey);
        ArgumentNullException.ThrowIfNull(write);
        return RunAsync(async token =>
        {
            var now = Now();
            await using var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);

            bool oldIsLive;
            await using (var lockOld = Command(connection, _sql.LockLiveSession, Text(oldKey), Time(now)))
            {
                lockOld.Transaction = transaction;
                oldIsLive = await lockOld.ExecuteScalarAsync(token).ConfigureAwait(false) is true;
            }

            if (!oldIsLive)
            {
                throw SessionEndedException.For(write); // destroyed, revoked or expired meanwhile: not brought back (rolled back)
            }

            await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = _commandTimeoutSeconds };
            batch.BatchCommands.Add(BatchCommand(_sql.DeleteIfExpired, Text(newKey), Time(now)));
            batch.BatchCommands.Add(SessionRow(_sql.UpsertSession, newKey, write, now));
            batch.BatchCommands.Add(BatchCommand(_sql.MoveSections, Text(oldKey), Text(newKey)));

            // The sections move with their versions; renewal writes none (the request's changes follow in its save).
            batch.BatchCommands.Add(BatchCommand(_sql.Delete, Text(oldKey)));
            await batch.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            await transaction.CommitAsync(token).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(async token =>
        {
            await using var command = Command(null, _sql.Delete, Text(key));
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(async token =>
        {
            var now = Now();
            await using var command = Command(null, _sql.Touch, Text(key), Time(lastSeenAt), Time(now + timeToLive), Time(now));
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Expiry is measured with the store's <see cref="TimeProvider"/>, like a session's.</remarks>
    public ValueTask<bool> TryAcquireLeaseAsync(string key, string section, string token, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return RunAsync(t => _leases.TryAcquireAsync(key, section, token, Now(), duration, t), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask ReleaseLeaseAsync(string key, string section, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(token);
        return RunAsync(t => _leases.ReleaseAsync(key, section, token, t), cancellationToken);
    }

    private DateTimeOffset Now() => _time.GetUtcNow();

    /// <summary>
    /// Runs one operation once the tables exist; when the connection was lost (server restarted, network cut), drops the
    /// pool's idle connections before the failure goes on, so the first request after the server is back does not fail
    /// on one of them.
    /// </summary>
    private async ValueTask<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            await _schema.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            return await operation(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionLoss(ex))
        {
            _dataSource.Clear();
            throw;
        }
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    private async ValueTask RunAsync(Func<CancellationToken, ValueTask> operation, CancellationToken cancellationToken)
        => await RunAsync<bool>(
            async token =>
            {
                await operation(token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    private NpgsqlCommand Command(NpgsqlConnection? connection, string sql, params NpgsqlParameter[] parameters)
    {
        var command = connection is null ? _dataSource.CreateCommand(sql) : new NpgsqlCommand(sql, connection);
        command.CommandTimeout = _commandTimeoutSeconds;
        command.Parameters.AddRange(parameters);
        return command;
    }

    internal static NpgsqlBatchCommand BatchCommand(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter[] SessionRowParameters(string key, SessionWrite write, DateTimeOffset now) =>
    [
        Text(key),
        Time(write.CreatedAt),
        Time(write.LastSeenAt),
        Time(now + write.TimeToLive),
        NullableText(write.OwnerId),
        NullableText(write.Description),
    ];

    private static NpgsqlBatchCommand SessionRow(string sql, string key, SessionWrite write, DateTimeOffset now)
        => BatchCommand(sql, SessionRowParameters(key, write, now));

    private NpgsqlCommand SessionRow(string sql, string key, SessionWrite write, DateTimeOffset now, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var command = Command(connection, sql, [.. SessionRowParameters(key, write, now), Time(now)]);
        command.Transaction = transaction;
        return command;
    }

    internal static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    private static NpgsqlParameter NullableText(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    // timestamptz takes UTC offsets only; the store keeps microseconds, which is all PostgreSQL holds.
    internal static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => new() { TypedValue = value.ToUniversalTime() };

    /// <summary>The failures of the server, the network or a timeout (not a bug, not a cancellation).</summary>
    internal static bool IsStoreFailure(Exception ex) => ex is NpgsqlException or SocketException or TimeoutException or IOException;

    /// <summary>
    /// A lost connection (server restarted, network cut), after which the pool holds dead connections: the caller drops
    /// the idle ones, so the first request after the server is back does not fail on one of them.
    /// </summary>
    private static bool IsConnectionLoss(Exception ex)
        => IsStoreFailure(ex)
           && (ex is not PostgresException postgres || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal));
}
