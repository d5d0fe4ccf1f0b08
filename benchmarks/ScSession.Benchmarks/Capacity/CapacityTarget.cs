using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StackExchange.Redis;

namespace ScSession.Benchmarks.Capacity;

/// <summary>A store under the capacity run, and what the run asks its server: bytes held, and work done (round trips or transactions).</summary>
internal abstract class CapacityTarget : IAsyncDisposable
{
    public abstract string Name { get; }

    public abstract ISessionStore Store { get; }

    /// <summary>What <see cref="Work"/> counts, for the report.</summary>
    public abstract string WorkUnit { get; }

    /// <summary>Bytes the server holds for the sessions (Redis: used memory above the empty server; PostgreSQL: tables with indexes and TOAST).</summary>
    public abstract Task<long> BytesAsync();

    /// <summary>A running count of the work the store asked of its server (<see cref="WorkUnit"/>).</summary>
    public abstract Task<long> Work();

    public abstract ValueTask DisposeAsync();
}

/// <summary>
/// The Redis store on one node; the sizes come from <c>INFO memory</c>, the work from the client's operation count: commands,
/// so a pipelined batch of 100 counts 100 (they share one round trip).
/// </summary>
internal sealed class RedisCapacityTarget : CapacityTarget
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IServer _server;
    private readonly long _emptyBytes;

    private RedisCapacityTarget(ConnectionMultiplexer connection, long emptyBytes)
    {
        _connection = connection;
        _server = connection.GetServers()[0];
        _emptyBytes = emptyBytes;
        Store = new RedisSessionStore(connection, new RedisSessionStoreOptions { KeyPrefix = "cap:" });
    }

    public override string Name => "Redis";

    public override ISessionStore Store { get; }

    public override string WorkUnit => "commands";

    public static async Task<RedisCapacityTarget> CreateAsync(string configuration)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration + ",allowAdmin=true,syncTimeout=10000,asyncTimeout=10000");
        var server = connection.GetServers()[0];
        await server.FlushDatabaseAsync();
        return new RedisCapacityTarget(connection, await UsedMemoryAsync(server));
    }

    public override async Task<long> BytesAsync() => await UsedMemoryAsync(_server) - _emptyBytes;

    public override Task<long> Work() => Task.FromResult(_connection.GetCounters().Interactive.OperationCount);

    public override async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private static async Task<long> UsedMemoryAsync(IServer server) => await InfoAsync(server, "memory", "used_memory");

    private static async Task<long> InfoAsync(IServer server, string section, string field)
    {
        var groups = await server.InfoAsync(section);
        var value = groups.SelectMany(g => g).First(kv => kv.Key == field).Value;
        return long.Parse(value, CultureInfo.InvariantCulture);
    }
}

/// <summary>The PostgreSQL store; sizes from <c>pg_total_relation_size</c>, round trips from Npgsql's tracing (a span per command or batch).</summary>
internal sealed class PostgresCapacityTarget : CapacityTarget
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ActivityListener _commands;
    private long _commandCount;

    private PostgresCapacityTarget(NpgsqlDataSource dataSource, ShiftedClock clock)
    {
        _dataSource = dataSource;
        _commands = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = _ => Interlocked.Increment(ref _commandCount),
        };
        ActivitySource.AddActivityListener(_commands);
        Clock = clock;
        Store = new PostgresSessionStore(dataSource, new PostgresSessionStoreOptions { TablePrefix = "cap_" }, clock);
    }

    public override string Name => "PostgreSQL";

    public override ISessionStore Store { get; }

    public override string WorkUnit => "round trips";

    /// <summary>The store's clock, moved forward to expire every session at once for the cleanup run.</summary>
    public ShiftedClock Clock { get; }

    public PostgresSessionStore PostgresStore => (PostgresSessionStore)Store;

    public static async Task<PostgresCapacityTarget> CreateAsync(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=100");
        await using (var drop = dataSource.CreateCommand("DROP TABLE IF EXISTS cap_sections, cap_sessions, cap_leases"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        return new PostgresCapacityTarget(dataSource, new ShiftedClock());
    }

    public override async Task<long> BytesAsync()
    {
        await using var command = _dataSource.CreateCommand("SELECT pg_total_relation_size('cap_sessions') + pg_total_relation_size('cap_sections')");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override Task<long> Work() => Task.FromResult(Interlocked.Read(ref _commandCount));

    /// <summary>Sizes of the two tables and their indexes, for the report.</summary>
    public async Task<string> DescribeSizesAsync()
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT string_agg(relname || ' ' || pg_size_pretty(pg_total_relation_size(oid)) || ' (indexes ' || pg_size_pretty(pg_indexes_size(oid)) || ')', ', ')
            FROM pg_class WHERE relname IN ('cap_sessions', 'cap_sections')
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public override async ValueTask DisposeAsync()
    {
        _commands.Dispose();
        await _dataSource.DisposeAsync();
    }
}

/// <summary>The real clock, moved forward on demand.</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
