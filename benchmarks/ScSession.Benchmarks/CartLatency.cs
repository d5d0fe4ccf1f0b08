using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace ScSession.Benchmarks;

/// <summary>
/// Issue 14's measurement: the latency of the sample shop's cart (<c>POST /api/cart/{sku}</c>) when 1, 10 or 50
/// requests of one session add to it at once, for each concurrency policy. The shop runs as its own process on real
/// Kestrel (Release build), driven over loopback HTTP; every answered add is checked against the final cart.
/// </summary>
/// <remarks>
/// <c>dotnet build samples/ScSession.Samples.Shop -c Release</c>, then
/// <c>dotnet run -c Release -- cart-latency [--redis host:port] [--postgres "Host=…"] [--no-memory] [--requests 1500]
/// [--policies Optimistic,Exclusive] [--parallel 1,10,50]</c> from <c>benchmarks/ScSession.Benchmarks</c>. The memory
/// store is measured unless <c>--no-memory</c>; Redis and PostgreSQL when given. A run stops with an error if an add
/// answered 200 is missing from the cart, or the shop answers anything but 200 or 409.
/// </remarks>
internal static class CartLatency
{
    private static readonly int[] s_parallel = [1, 10, 50];
    private static readonly string[] s_policies = ["Optimistic", "Exclusive"];

    public static async Task RunAsync(string[] args)
    {
        var sample = FindSample();
        var stores = new List<(string Name, Dictionary<string, string> Settings)>();
        if (!args.Contains("--no-memory"))
        {
            stores.Add(("memory", new() { ["ScSession__Store"] = "memory" }));
        }
        if (Option(args, "--redis") is { } redis)
        {
            stores.Add(("redis", new() { ["ScSession__Store"] = "redis", ["ConnectionStrings__Redis"] = redis }));
        }

        if (Option(args, "--postgres") is { } postgres)
        {
            stores.Add(("postgres", new() { ["ScSession__Store"] = "postgres", ["ConnectionStrings__Postgres"] = postgres }));
        }

        var requests = int.Parse(Option(args, "--requests") ?? "1500", CultureInfo.InvariantCulture);
        Console.WriteLine($"Sample shop cart, {Environment.ProcessorCount} cores, {requests} measured requests per row (after warm-up), loopback HTTP/1.1.");
        Console.WriteLine();
        Console.WriteLine("| Store | Policy | Parallel per session | p50 ms | p95 ms | p99 ms | max ms | answered 409 | adds/s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (store, settings) in stores)
        {
            foreach (var policy in Option(args, "--policies")?.Split(',') ?? s_policies)
            {
                await using var shop = await ShopProcess.StartAsync(sample, new(settings) { ["ScSession__DefaultConcurrency"] = policy });
                foreach (var parallel in Option(args, "--parallel")?.Split(',').Select(int.Parse) ?? s_parallel)
                {
                    await MeasureAsync(shop, parallel, requests / 10); // warm-up
                    var row = await MeasureAsync(shop, parallel, requests);
                    Console.WriteLine(FormattableString.Invariant(
                        $"| {store} | {policy} | {parallel} | {row.P(0.50):F2} | {row.P(0.95):F2} | {row.P(0.99):F2} | {row.P(1):F2} | {row.Refused * 100.0 / row.Total:F1} % | {row.Added / row.Elapsed.TotalSeconds:F0} |"));
                }
            }
        }
    }

    /// <summary>Rounds of <paramref name="parallel"/> adds to one fresh session's cart, until <paramref name="requests"/> were sent.</summary>
    private static async Task<Row> MeasureAsync(ShopProcess shop, int parallel, int requests)
    {
        var cookie = await shop.NewSessionAsync();
        var latencies = new List<double>(requests);
        int added = 0, refused = 0;
        var watch = Stopwatch.StartNew();
        for (var sent = 0; sent < requests; sent += parallel)
        {
            var round = await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => shop.AddAsync(cookie)));
            foreach (var (status, ms) in round)
            {
                latencies.Add(ms);
                added += status == HttpStatusCode.OK ? 1 : 0;
                refused += status == HttpStatusCode.Conflict ? 1 : 0;
                if (status is not (HttpStatusCode.OK or HttpStatusCode.Conflict))
                {
                    throw new InvalidOperationException($"The shop answered {(int)status}: only 200 (added) and 409 (refused, retry) are expected.");
                }
            }
        }

        var elapsed = watch.Elapsed;
        var inCart = await shop.QuantityAsync(cookie);
        if (inCart != added)
        {
            throw new InvalidOperationException($"{added} adds were answered 200 but the cart holds {inCart}: a change was lost. Cart: {await shop.CartJsonAsync(cookie)}");
        }

        latencies.Sort();
        return new Row(latencies, added, refused, elapsed);
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "samples", "ScSession.Samples.Shop", "bin", "Release", "net10.0", "ScSession.Samples.Shop.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new InvalidOperationException("Build the sample first: dotnet build samples/ScSession.Samples.Shop -c Release");
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed record Row(List<double> Sorted, int Added, int Refused, TimeSpan Elapsed)
    {
        public int Total => Sorted.Count;

        public double P(double quantile) => Sorted[Math.Min(Sorted.Count - 1, (int)Math.Ceiling(quantile * Sorted.Count) - 1)];
    }

    /// <summary>The sample shop in its own process on a free loopback port, and a client for its cart API.</summary>
    private sealed class ShopProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _client;

        private ShopProcess(Process process, HttpClient client)
        {
            _process = process;
            _client = client;
        }

        public static async Task<ShopProcess> StartAsync(string sample, Dictionary<string, string> settings)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", [sample, "--urls", $"http://127.0.0.1:{port}"])
            {
                WorkingDirectory = Path.GetDirectoryName(sample)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Logging__LogLevel__Default"] = "Error";
            start.Environment["ScSession__SecretKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            start.Environment["ScSession__ExclusiveWaitTimeout"] = "00:01:00";
            foreach (var (name, value) in settings)
            {
                start.Environment[name] = value;
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the sample shop.");
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("shop: " + e.Data); }; // errors only (log level)
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("shop: " + e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var handler = new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            var shop = new ShopProcess(process, new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
            await shop.WaitUntilReadyAsync();
            return shop;
        }

        public async Task<string> NewSessionAsync()
        {
            using var response = await _client.PostAsync("/api/cart/MUG-01", null);
            response.EnsureSuccessStatusCode();
            return response.Headers.GetValues("Set-Cookie").Single(h => h.StartsWith(".scs=", StringComparison.Ordinal)).Split(';')[0];
        }

        public async Task<(HttpStatusCode Status, double Milliseconds)> AddAsync(string cookie)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart/TEA-01");
            request.Headers.Add("Cookie", cookie);
            var started = Stopwatch.GetTimestamp();
            using var response = await _client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return (response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        public async Task<int> QuantityAsync(string cookie)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cart");
            request.Headers.Add("Cookie", cookie);
            using var response = await _client.SendAsync(request);
            var lines = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<List<Line>>(response.Content);
            return lines?.FirstOrDefault(l => l.Sku == "TEA-01")?.Quantity ?? 0;
        }

        public async Task<string> CartJsonAsync(string cookie)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cart");
            request.Headers.Add("Cookie", cookie);
            using var response = await _client.SendAsync(request);
            return await response.Content.ReadAsStringAsync();
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private async Task WaitUntilReadyAsync()
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var response = await _client.GetAsync("/api/cart");
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
                {
                }

                if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException("The sample shop did not start (see its output above).");
                }

                await Task.Delay(200);
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private sealed record Line(string Sku, int Quantity);
}
