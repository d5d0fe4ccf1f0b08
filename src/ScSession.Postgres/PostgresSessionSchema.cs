using System.Collections.Concurrent;
using Npgsql;

namespace ScSession.Internal;

/// <summary>
/// Creates the store's tables when <see cref="PostgresSessionStoreOptions.CreateSchema"/> asks for it: once per process
/// for each server, database, schema and prefix, under an advisory lock so that instances starting together take turns.
/// A failed attempt is tried again at the next use.
/// </summary>
internal sealed class PostgresSessionSchema
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> s_created = new(StringComparer.Ordinal);

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSessionSql _sql;
    private readonly int _commandTimeoutSeconds;
    private readonly bool _create;
    private readonly string _key;

    public PostgresSessionSchema(NpgsqlDataSource dataSource, PostgresSessionSql sql, PostgresSessionStoreOptions options, int commandTimeoutSeconds)
    {
        _dataSource = dataSource;
        _sql = sql;
        _commandTimeoutSeconds = commandTimeoutSeconds;
        _create = options.CreateSchema;
        _key = dataSource.ConnectionString + "\n" + options.Schema + "\n" + options.TablePrefix;
    }

    /// <summary>Completes once the tables exist (at once when schema creation is off or already done in this process).</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_create)
        {
            return Task.CompletedTask;
        }

        var lazy = s_created.GetOrAdd(_key, _ => new Lazy<Task>(CreateAsync));
        var task = lazy.Value;
        return task.IsCompletedSuccessfully ? task : AwaitAsync(lazy, task, cancellationToken);
    }

    private async Task AwaitAsync(Lazy<Task> lazy, Task task, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (task.IsFaulted)
        {
            s_created.TryRemove(new KeyValuePair<string, Lazy<Task>>(_key, lazy)); // the next use tries again
            throw;
        }
    }

    private async Task CreateAsync()
    {
        // Not cancellable: one request's cancellation must not fail the creation other requests wait on.
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = _commandTimeoutSeconds };
        batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.SchemaLock));
        foreach (var statement in _sql.SchemaStatements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
        }

        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
    }
}
