using System.Diagnostics;
using static ScSession.Redis.Tests.RedisProcesses;

namespace ScSession.Redis.Tests;

/// <summary>
/// A real master, its replica and a Sentinel watching them as the service <see cref="ServiceName"/>, each a
/// <c>redis-server</c> of the tests' own on a free loopback port (no persistence, a 1 s down-after so a failover takes
/// seconds). It can freeze the replica (SIGSTOP), kill the master and wait for the Sentinel's failover. Fails loudly when
/// anything does not start: these tests never skip.
/// </summary>
public sealed class RedisSentinelServer : IAsyncLifetime
{
    public const string ServiceName = "scs";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"scs-sentinel-{Guid.NewGuid():N}");
    private readonly Dictionary<int, Process> _processes = [];
    private readonly int[] _ports = FreePorts(3);

    public int MasterPort => _ports[0];

    public int ReplicaPort => _ports[1];

    public int SentinelPort => _ports[2];

    /// <summary>Connects through the Sentinel by service name, with short timeouts so failures show quickly.</summary>
    public string SentinelConfiguration
        => $"127.0.0.1:{SentinelPort},serviceName={ServiceName},abortConnect=false,connectTimeout=1000,syncTimeout=2000,asyncTimeout=2000";

    /// <summary>Connects to the master directly.</summary>
    public string MasterConfiguration => $"127.0.0.1:{MasterPort},abortConnect=false,connectTimeout=1000,syncTimeout=3000,asyncTimeout=3000";

    /// <summary>Connects to the replica directly (reads only).</summary>
    public string ReplicaConfiguration => $"127.0.0.1:{ReplicaPort},abortConnect=false,connectTimeout=1000,syncTimeout=3000,asyncTimeout=3000";

    public async Task InitializeAsync()
    {
        // xUnit does not dispose a fixture whose start failed: stop what did start, or its servers outlive the run.
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        Directory.CreateDirectory(_directory);
        string[] common = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory];
        _processes[MasterPort] = Start(["--port", Text(MasterPort), .. common], _directory);
        _processes[ReplicaPort] = Start(["--port", Text(ReplicaPort), "--replicaof", "127.0.0.1", Text(MasterPort), .. common], _directory);
        await WaitUntilAsync(async () => Field(await CliAsync(ReplicaPort, "INFO", "replication"), "master_link_status") == "up", TimeSpan.FromSeconds(15), "Redis Sentinel setup: the replica did not connect to its master");

        // A Sentinel needs a configuration file it can rewrite.
        var config = Path.Combine(_directory, "sentinel.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"port {SentinelPort}",
            "bind 127.0.0.1",
            $"dir {_directory}",
            $"sentinel monitor {ServiceName} 127.0.0.1 {MasterPort} 1",
            $"sentinel down-after-milliseconds {ServiceName} 1000",
            $"sentinel failover-timeout {ServiceName} 5000",
        ]);
        _processes[SentinelPort] = Start([config, "--sentinel"], _directory);
        await WaitUntilAsync(
            async () => (await CliAsync(SentinelPort, "SENTINEL", "REPLICAS", ServiceName)).Contains(Text(ReplicaPort), StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "Redis Sentinel setup: the Sentinel did not discover the replica");
    }

    /// <summary>Waits until the replica has received everything the master wrote (equal replication offsets).</summary>
    public Task WaitForReplicationAsync(TimeSpan timeout) => WaitUntilAsync(
        async () =>
        {
            var master = Field(await CliAsync(MasterPort, "INFO", "replication"), "master_repl_offset");
            return master is not null && master == Field(await CliAsync(ReplicaPort, "INFO", "replication"), "slave_repl_offset");
        },
        timeout,
        "Redis Sentinel setup: the replica did not catch up with its master");

    /// <summary>Freezes the replica (SIGSTOP): its connections stay open, it reads and acknowledges nothing.</summary>
    public Task FreezeReplicaAsync() => SignalAsync(_processes[ReplicaPort], "STOP");

    public Task ThawReplicaAsync() => SignalAsync(_processes[ReplicaPort], "CONT");

    public Task KillMasterAsync() => KillAsync(_processes[MasterPort]);

    /// <summary>Waits until the Sentinel names the replica as the master and the replica serves as one.</summary>
    public Task WaitForFailoverAsync(TimeSpan timeout) => WaitUntilAsync(
        async () => (await CliAsync(SentinelPort, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", ServiceName)).Contains(Text(ReplicaPort), StringComparison.Ordinal)
            && Field(await CliAsync(ReplicaPort, "INFO", "replication"), "role") == "master",
        timeout,
        "Redis Sentinel: the failover did not happen");

    public async Task DisposeAsync()
    {
        foreach (var process in _processes.Values)
        {
            await KillAsync(process); // frozen or not
            process.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temporary directory is harmless
        }
    }
}
