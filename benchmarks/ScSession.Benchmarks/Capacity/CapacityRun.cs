using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ScSession.Benchmarks.Capacity;

/// <summary>
/// Issue 15's capacity measurement: sessions with a 1 KB cart loaded through the store API up to each checkpoint
/// (10,000 … 1,000,000), and at each the bytes per session and the time and server work of a load, a save, a renewal
/// and a destroy; then an owner with 10,000 sessions (listing and revoking stay bounded), and on PostgreSQL the cleanup
/// of every row once expired, with the latency of live traffic beside it. Run by <c>benchmarks/run-capacity.sh</c>.
/// </summary>
internal static class CapacityRun
{
    private const string Section = "CartSession";
    private static readonly ReadOnlyMemory<byte> s_cart = Cart(1024);

    public static async Task RunAsync(string[] args)
    {
        var checkpoints = (Option(args, "--checkpoints") ?? "10000,100000,1000000").Split(',').Select(int.Parse).ToArray();
        var samples = int.Parse(Option(args, "--samples") ?? "2000", CultureInfo.InvariantCulture);
        Console.WriteLine($"Capacity: a 1 KB cart per session, checkpoints {string.Join(", ", checkpoints)}, {samples} sequential operations per measurement, {Environment.ProcessorCount} cores.");
        if (Option(args, "--redis") is { } redis)
        {
            await using var target = await RedisCapacityTarget.CreateAsync(redis);
            await MeasureAsync(target, checkpoints, samples);
        }

        if (Option(args, "--postgres") is { } postgres)
        {
            await using var target = await PostgresCapacityTarget.CreateAsync(postgres);
            await MeasureAsync(target, checkpoints, samples);
            await CleanupAsync(target);
        }
    }

    private static async Task MeasureAsync(CapacityTarget target, int[] checkpoints, int samples)
    {
        Console.WriteLine();
        Console.WriteLine($"## {target.Name}");
        Console.WriteLine();
        Console.WriteLine($"| Sessions | Fill rate | Bytes per session | Load µs (p50 / p99) | Save µs | Renew µs | Destroy µs | {target.WorkUnit} per load / save / renew / destroy |");
        Console.WriteLine("|---:|---:|---:|---|---|---|---|---|");
        var filled = 0;
        foreach (var checkpoint in checkpoints)
        {
            var watch = Stopwatch.StartNew();
            await FillAsync(target.Store, filled, checkpoint);
            var rate = (checkpoint - filled) / watch.Elapsed.TotalSeconds;
            filled = checkpoint;
            var bytes = await target.BytesAsync() / (double)checkpoint;
            var load = await TimeAsync(target, samples, i => target.Store.LoadAsync(Key(Random.Shared.Next(checkpoint)), default).AsTask());
            var save = await TimeAsync(target, samples, i => target.Store.SaveAsync(Key(Random.Shared.Next(checkpoint)), Write(isNew: false), default).AsTask());
            var renew = await TimeAsync(target, samples, i => target.Store.RenewAsync(Key(checkpoint - 1 - i), Key(checkpoint - 1 - i, renewed: true), Write(isNew: true, sections: false), default).AsTask());
            var destroy = await TimeAsync(target, samples, i => target.Store.DeleteAsync(Key(checkpoint - 1 - i, renewed: true), default).AsTask());
            await FillAsync(target.Store, checkpoint - samples, checkpoint); // back to the checkpoint's count
            Console.WriteLine(FormattableString.Invariant(
                $"| {checkpoint:N0} | {rate:N0}/s | {bytes:N0} | {load} | {save} | {renew} | {destroy} | {load.Work:0.#} / {save.Work:0.#} / {renew.Work:0.#} / {destroy.Work:0.#} |"));
        }

        if (target is PostgresCapacityTarget postgres)
        {
            Console.WriteLine();
            Console.WriteLine($"At {filled:N0} sessions: {await postgres.DescribeSizesAsync()}.");
        }

        await OwnerAsync(target);
    }

    /// <summary>An owner with 10,000 sessions: listing 100 and revoking all stay bounded in server work per call.</summary>
    private static async Task OwnerAsync(CapacityTarget target)
    {
        const int Sessions = 10_000;
        var owner = "owner-" + Guid.NewGuid().ToString("N");
        await ParallelAsync(Sessions, i => target.Store.SaveAsync(Key(i, owner: owner), Write(isNew: true, owner: owner), default).AsTask());
        var index = (ISessionOwnerIndex)target.Store;
        await index.RevokeSessionAsync("nobody", Key(0)); // Redis: the client learns the revoke script's hash before the count starts
        var before = await target.Work();
        var watch = Stopwatch.StartNew();
        var listed = await index.GetOwnerSessionsAsync(owner, limit: 100);
        var listTime = watch.Elapsed;
        var listWork = await target.Work() - before;
        before = await target.Work();
        watch.Restart();
        var revoked = await index.RevokeOwnerSessionsAsync(owner);
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant(
            $"Owner with {Sessions:N0} sessions: listing the latest 100 took {listTime.TotalMilliseconds:0.#} ms and {listWork} {target.WorkUnit} (listed {listed.Count}); revoking all took {watch.Elapsed.TotalMilliseconds:0} ms and {await target.Work() - before} {target.WorkUnit} (revoked {revoked})."));
    }

    /// <summary>
    /// PostgreSQL: every session expired at once (the store's clock moved past them), deleted by the store's batched
    /// cleanup while live sessions are loaded and saved beside it: the longest of those shows whether a lock was held long.
    /// </summary>
    private static async Task CleanupAsync(PostgresCapacityTarget target)
    {
        var rows = await target.BytesAsync();
        target.Clock.Offset = TimeSpan.FromDays(2); // past every session's window
        var live = Enumerable.Range(0, 100).Select(i => Key(i, owner: "live")).ToArray();
        foreach (var key in live)
        {
            await target.Store.SaveAsync(key, Write(isNew: true), default);
        }

        using var stop = new CancellationTokenSource();
        var latencies = new List<double>();
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var key = live[Random.Shared.Next(live.Length)];
                var started = Stopwatch.GetTimestamp();
                await target.Store.LoadAsync(key, default);
                await target.Store.SaveAsync(key, Write(isNew: false), default);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        var watch = Stopwatch.StartNew();
        var deleted = await target.PostgresStore.DeleteExpiredAsync(default);
        var took = watch.Elapsed;
        await stop.CancelAsync();
        await traffic;
        latencies.Sort();
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant(
            $"Cleanup: {deleted:N0} expired sessions deleted in batches of 1,000 in {took.TotalSeconds:0.0} s ({deleted / took.TotalSeconds:N0} rows/s; tables were {rows / 1048576.0:N0} MB). Meanwhile {latencies.Count:N0} load+save pairs of live sessions: p50 {Percentile(latencies, 0.5):0.00} ms, p99 {Percentile(latencies, 0.99):0.00} ms, max {latencies[^1]:0.0} ms."));
    }

    private static Task FillAsync(ISessionStore store, int from, int to)
        => ParallelAsync(to - from, i => store.SaveAsync(Key(from + i), Write(isNew: true), default).AsTask());

    private static async Task ParallelAsync(int count, Func<int, Task> operation)
    {
        var next = -1;
        var workers = Enumerable.Range(0, 64).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await operation(i);
            }
        });
        await Task.WhenAll(workers);
    }

    private static async Task<Timing> TimeAsync(CapacityTarget target, int samples, Func<int, Task> operation)
    {
        var times = new List<double>(samples);
        var before = await target.Work();
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(i);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        var work = (await target.Work() - before) / (double)samples;
        times.Sort();
        return new Timing(Percentile(times, 0.5), Percentile(times, 0.99), work);
    }

    private static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    /// <summary>A store key as ScSession makes them: 43 characters of base64url (a SHA-256).</summary>
    private static string Key(int i, bool renewed = false, string owner = "")
        => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{owner}/{i}/{renewed}")));

    private static SessionWrite Write(bool isNew, bool sections = true, string? owner = null)
    {
        var now = DateTimeOffset.UtcNow;
        var changed = sections ? new Dictionary<string, ReadOnlyMemory<byte>> { [Section] = s_cart } : new Dictionary<string, ReadOnlyMemory<byte>>();
        return new SessionWrite(isNew, now, now, TimeSpan.FromHours(1), changed, owner);
    }

    private static ReadOnlyMemory<byte> Cart(int size)
    {
        var json = new StringBuilder("{\"items\":[");
        for (var i = 0; json.Length < size - 40; i++)
        {
            json.Append(CultureInfo.InvariantCulture, $"{{\"sku\":\"TEA-{i:D4}\",\"quantity\":{i % 7 + 1}}},");
        }

        json.Length--;
        json.Append("]}");
        return Encoding.UTF8.GetBytes(json.ToString().PadRight(size));
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private readonly record struct Timing(double P50, double P99, double Work)
    {
        public override string ToString() => FormattableString.Invariant($"{P50:N0} / {P99:N0}");
    }
}
