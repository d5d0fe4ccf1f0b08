using System.Diagnostics;
using System.Globalization;
using static ScSession.Redis.Tests.RedisProcesses;

namespace ScSession.Redis.Tests;

/// <summary>
/// A real local Redis Cluster of the tests' own: 6 <c>redis-server</c> processes on free loopback ports (3 masters,
/// 3 replicas, each in its own temporary directory, no persistence, a 1 s node timeout so a failover takes seconds, and
/// <c>cluster-require-full-coverage no</c> so the other masters keep serving while one is down),
/// joined with <c>redis-cli --cluster create</c>. It can kill a master and tell which node serves a key. Fails loudly
/// when anything does not start: these tests never skip.
/// </summary>
public sealed class RedisClusterServer : IAsyncLifetime
{
    private const int Nodes = 6;
    private readonly Dictionary<int, Process> _processes = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"scs-cluster-{Guid.NewGuid():N}");

    /// <summary>The nodes' ports, in the order given to <c>--cluster create</c> (the first three start as masters).</summary>
    public IReadOnlyList<int> Ports { get; } = FreePorts(Nodes);

    /// <summary>A StackExchange.Redis configuration naming every node, with short timeouts so failures show quickly.</summary>
    public string Configuration
        => string.Join(',', Ports.Select(p => $"127.0.0.1:{p}")) + ",abortConnect=false,connectTimeout=1000,syncTimeout=2000,asyncTimeout=2000";

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
        var cli = FindBinary("redis-cli");
        foreach (var port in Ports)
        {
            var dir = Directory.CreateDirectory(Path.Combine(_directory, port.ToString(CultureInfo.InvariantCulture))).FullName;
            _processes[port] = RedisProcesses.Start(
                [
                    "--port", Text(port), "--bind", "127.0.0.1", "--dir", dir,
                    "--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(dir, $"nodes-{port}.conf"),
                    "--cluster-node-timeout", "1000", "--save", "", "--appendonly", "no",

                    // Without it, one master's loss stops the whole cluster (CLUSTERDOWN on every node) until its
                    // replica takes over: sessions on the other masters would fail too.
                    "--cluster-require-full-coverage", "no",
                ],
                dir);
        }

        foreach (var port in Ports)
        {
            await WaitUntilAsync(async () => (await CliAsync(port, "PING")).Trim() == "PONG", TimeSpan.FromSeconds(10), $"redis-server on port {port} did not answer PING");
        }

        var create = new List<string> { "--cluster", "create" };
        create.AddRange(Ports.Select(p => $"127.0.0.1:{p}"));
        create.AddRange(["--cluster-replicas", "1", "--cluster-yes"]);
        var (exit, output) = await RunAsync(cli, create);
        if (exit != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({exit}):\n{output}");
        }

        await WaitForHealthyAsync(TimeSpan.FromSeconds(30));
        await WaitForReplicationAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Waits until every live node says <c>cluster_state:ok</c>, all 16384 slots are served by live masters, and every
    /// live node agrees on which node serves each slot.
    /// </summary>
    public Task WaitForHealthyAsync(TimeSpan timeout) => WaitUntilAsync(
        async () =>
        {
            string? slotsSeen = null;
            foreach (var port in LivePorts)
            {
                var info = await CliAsync(port, "CLUSTER", "INFO");
                if (!info.Contains("cluster_state:ok", StringComparison.Ordinal) || !info.Contains("cluster_slots_ok:16384", StringComparison.Ordinal))
                {
                    return false;
                }

                var masters = (await NodesAsync(port)).Where(n => n.IsMaster && n.Slots.Count > 0).ToList();
                if (masters.Any(m => !IsAlive(m.Port)) || masters.Sum(m => m.Slots.Sum(r => r.End - r.Start + 1)) != 16384)
                {
                    return false;
                }

                var slots = string.Join(';', masters.OrderBy(m => m.Port).Select(m => $"{m.Port}:{string.Join(',', m.Slots)}"));
                if (slotsSeen is not null && slotsSeen != slots)
                {
                    return false; // a node that has not heard of the failover yet
                }

                slotsSeen = slots;
            }

            return true;
        },
        timeout,
        "Redis Cluster: the cluster did not become healthy");

    /// <summary>Waits until every live replica has received everything its master wrote (equal replication offsets).</summary>
    public Task WaitForReplicationAsync(TimeSpan timeout) => WaitUntilAsync(
        async () =>
        {
            foreach (var master in (await NodesAsync(LivePorts.First())).Where(n => n.IsMaster && n.Slots.Count > 0))
            {
                var info = await CliAsync(master.Port, "INFO", "replication");
                var offset = Field(info, "master_repl_offset");
                var replicas = info.Split('\n').Where(l => l.StartsWith("slave", StringComparison.Ordinal) && l.Contains("state=online", StringComparison.Ordinal)).ToList();
                if (replicas.Count == 0 || replicas.Any(r => !r.Contains($"offset={offset},", StringComparison.Ordinal)))
                {
                    return false;
                }
            }

            return true;
        },
        timeout,
        "Redis Cluster: the replicas did not catch up with their masters");

    /// <summary>The port of the master that serves <paramref name="key"/>'s slot now.</summary>
    public async Task<int> MasterOfAsync(string key)
    {
        var port = LivePorts.First();
        var slot = int.Parse((await CliAsync(port, "CLUSTER", "KEYSLOT", key)).Trim(), CultureInfo.InvariantCulture);
        return (await NodesAsync(port)).Single(n => n.IsMaster && n.Slots.Any(r => r.Start <= slot && slot <= r.End)).Port;
    }

    /// <summary>The ports of the masters that serve slots now.</summary>
    public async Task<IReadOnlyList<int>> MastersAsync()
        => [.. (await NodesAsync(LivePorts.First())).Where(n => n.IsMaster && n.Slots.Count > 0 && IsAlive(n.Port)).Select(n => n.Port)];

    /// <summary>Kills the node on <paramref name="port"/> at once (SIGKILL: no goodbye to the cluster or the clients).</summary>
    public async Task KillAsync(int port)
    {
        await RedisProcesses.KillAsync(_processes[port]);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes.Values)
        {
            await RedisProcesses.KillAsync(process);
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

    private IEnumerable<int> LivePorts => Ports.Where(IsAlive);

    private bool IsAlive(int port) => _processes.TryGetValue(port, out var p) && !p.HasExited;

    private static async Task<IReadOnlyList<ClusterNode>> NodesAsync(int port)
    {
        var nodes = new List<ClusterNode>();
        foreach (var line in (await CliAsync(port, "CLUSTER", "NODES")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // <id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slot>...
            var parts = line.Trim().Split(' ');
            var address = parts[1].Split('@')[0];
            var flags = parts[2].Split(',');
            var slots = parts.Skip(8).Where(s => !s.StartsWith('[')).Select(s =>
            {
                var range = s.Split('-');
                var start = int.Parse(range[0], CultureInfo.InvariantCulture);
                return new SlotRange(start, range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : start);
            }).ToList();
            nodes.Add(new ClusterNode(int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture), flags.Contains("master") && !flags.Contains("fail"), slots));
        }

        return nodes;
    }

    private sealed record ClusterNode(int Port, bool IsMaster, IReadOnlyList<SlotRange> Slots);

    private sealed record SlotRange(int Start, int End)
    {
        public override string ToString() => $"{Start}-{End}";
    }
}
