using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ScSession.Postgres.Tests;

/// <summary>
/// A PostgreSQL server of our own for the test run: <c>initdb</c> into a temp dir, <c>pg_ctl start</c> on a free
/// loopback port (socket in the temp dir too), one database; stopped and deleted at the end. As root the server runs as
/// the <c>postgres</c> user (PostgreSQL refuses to run as root).
/// </summary>
/// <remarks>
/// There is no opt-out: without the server binaries every PostgreSQL test fails with a message saying how to install
/// them. xunit 2 cannot skip a <c>[Fact]</c> at run time, and the shared store contract suite is written with plain
/// <c>[Fact]</c>s, so an opt-out could only turn the tests into silent passes — worse than a clear failure.
/// </remarks>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public const string Collection = "PostgreSQL server";

    private const string Database = "scsession_tests";
    private const string User = "scsession";

    private string _root = null!;
    private string _bin = null!;
    private bool _asPostgresUser;
    private int _port;

    /// <summary>The connection string of the test database.</summary>
    public string ConnectionString { get; private set; } = null!;

    /// <summary>Connections to the test database, shared by the tests.</summary>
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    private string DataDir => Path.Combine(_root, "data");

    public async Task InitializeAsync()
    {
        _bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (looked for initdb and pg_ctl in $SCSESSION_POSTGRES_BIN and "
            + "/usr/lib/postgresql/<version>/bin): install with `apt-get install -y postgresql` or run ./test.sh, which installs them.");
        _asPostgresUser = Environment.IsPrivilegedProcess;
        _root = Path.Combine(Path.GetTempPath(), "scsession-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(_root, "socket"));
        if (_asPostgresUser)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", DataDir, "-U", User, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"], _asPostgresUser);
        _port = FreePort();
        await StartAsync();

        var admin = $"Host=127.0.0.1;Port={_port};Username={User};Database=postgres;Pooling=false";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = $"Host=127.0.0.1;Port={_port};Username={User};Database={Database};Timeout=5;Command Timeout=10";
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port and data.</summary>
    public async Task StartAsync()
    {
        await RunAsync(
            Path.Combine(_bin, "pg_ctl"),
            ["-D", DataDir, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
             "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -k {Path.Combine(_root, "socket")} -c fsync=off -c max_connections=200",
             "start"],
            _asPostgresUser);
        DataSource?.Clear(); // the tests' own pooled connections died with the previous server
    }

    /// <summary>Stops the server (fast shutdown: connected clients are cut off).</summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "fast", "-w", "stop"], _asPostgresUser);

    /// <summary>Runs one SQL query that returns a number (for assertions on the tables).</summary>
    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        if (_root is null || !Directory.Exists(_root))
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], _asPostgresUser);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        static bool HasServer(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

        if (Environment.GetEnvironmentVariable("SCSESSION_POSTGRES_BIN") is { Length: > 0 } configured && HasServer(configured))
        {
            return configured;
        }

        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d).Split('.')[0], out var v) ? v : 0))
                .Where(d => HasServer(d.Dir))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Dir is not null)
            {
                return newest.Dir;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServer);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", fileName })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }
}

[CollectionDefinition(PostgresServerFixture.Collection)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServerFixture>;
