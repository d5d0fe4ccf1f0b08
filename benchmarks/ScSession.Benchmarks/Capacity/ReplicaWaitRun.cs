using System.Diagnostics;
using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace ScSession.Benchmarks.Capacity;

/// <summary>
/// What <see cref="RedisSessionStoreOptions.WaitForReplicas"/> costs, on a master with one replica: a save alone, and
/// 64 requests at once each loading and saving its session (the <c>WAIT</c> holds the client's one connection to the
/// master, so loads queue behind it too). Run by <c>benchmarks/run-replica-wait.sh</c>.
/// </summary>
internal static class ReplicaWaitRun
{
    private const int Workers = 64;
    private static readonly ReadOnlyMemory<byte> s_cart = Encoding.UTF8.GetBytes(new string('x', 1024));

    public static async Task RunAsync(string[] args)
    {
        var redis = args[Array.IndexOf(args, "--redis") + 1];
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis + ",syncTimeout=10000,asyncTimeout=10000");
        Console.WriteLine($"WaitForReplicas on one master and one replica (loopback), a 1 KB section per save, {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        Console.WriteLine("| WaitForReplicas | Save alone µs (p50 / p99) | 64 at once: load+save pairs/s | load µs (p50 / p99) | save µs (p50 / p99) |");
        Console.WriteLine("|---:|---|---:|---|---|");
        foreach (var replicas in new[] { 0, 1 })
        {
            var store = new RedisSessionStore(connection, new RedisSessionStoreOptions { KeyPrefix = $"wait{replicas}:", WaitForReplicas = replicas, ReplicaWaitTimeout = TimeSpan.FromSeconds(2) });
            for (var i = 0; i < 1000; i++)
            {
                await store.SaveAsync($"s{i}", Write(isNew: true), default); // warm-up, and the sessions the pairs use
            }

            var alone = new List<double>();
            for (var i = 0; i < 2000; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await store.SaveAsync($"s{i % 1000}", Write(isNew: false), default);
                alone.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }

            var (pairs, loads, saves) = await ConcurrentAsync(store, TimeSpan.FromSeconds(5));
            Console.WriteLine(FormattableString.Invariant(
                $"| {replicas} | {P(alone, 0.5):N0} / {P(alone, 0.99):N0} | {pairs:N0} | {P(loads, 0.5):N0} / {P(loads, 0.99):N0} | {P(saves, 0.5):N0} / {P(saves, 0.99):N0} |"));
        }
    }

    private static async Task<(double PairsPerSecond, List<double> Loads, List<double> Saves)> ConcurrentAsync(RedisSessionStore store, TimeSpan duration)
    {
        var loads = new List<double>[Workers];
        var saves = new List<double>[Workers];
        var clock = Stopwatch.StartNew();
        var count = 0;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async w =>
        {
            (loads[w], saves[w]) = ([], []);
            for (var i = w; clock.Elapsed < duration; i += Workers)
            {
                var started = Stopwatch.GetTimestamp();
                await store.LoadAsync($"s{i % 1000}", default);
                loads[w].Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                started = Stopwatch.GetTimestamp();
                await store.SaveAsync($"s{i % 1000}", Write(isNew: false), default);
                saves[w].Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                Interlocked.Increment(ref count);
            }
        }));
        var allLoads = loads.SelectMany(l => l).Order().ToList();
        var allSaves = saves.SelectMany(s => s).Order().ToList();
        return (count / clock.Elapsed.TotalSeconds, allLoads, allSaves);
    }

    private static double P(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }

    private static SessionWrite Write(bool isNew)
    {
        var now = DateTimeOffset.UtcNow;
        return new SessionWrite(isNew, now, now, TimeSpan.FromHours(1), new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal) { ["cart"] = s_cart });
    }
}
