using System.Diagnostics;
using BenchmarkDotNet.Running;
using ScSession.Benchmarks;
using ScSession.Benchmarks.Shared;

// `dotnet run -c Release -- --filter '*Middleware*' --job short` runs BenchmarkDotNet (see docs/benchmarks.md).
// `dotnet run -c Release -- alloc ScSessionCookie` samples where a request's bytes go, by type (AllocProbe.cs).
// `dotnet run -c Release -- smoke` runs every benchmark body a few times without BenchmarkDotNet: a quick check
// that they still work, with rough timings (not results). `dotnet run -c Release -- generator-floors [rounds]` times
// the generator after an unrelated edit against what Roslyn's own binding costs (docs/benchmarks.md, section 3).
// `dotnet run -c Release -- cart-latency` measures the sample shop's cart with 1, 10 and 50 parallel requests per session.
if (args is ["generator-floors", ..])
{
    GeneratorBenchmarks.CompareWithFloors(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30);
    return;
}

if (args is ["alloc", var v])
{
    await AllocProbe.RunAsync(Enum.Parse<Variant>(v));
    return;
}

if (args is ["cart-latency", ..])
{
    await CartLatency.RunAsync(args); // the sample shop's cart under parallel requests, per policy (CartLatency.cs)
    return;
}

if (args is ["capacity", ..])
{
    await ScSession.Benchmarks.Capacity.CapacityRun.RunAsync(args); // sessions by the million, per store (benchmarks/run-capacity.sh)
    return;
}

if (args is ["replica-wait", ..])
{
    await ScSession.Benchmarks.Capacity.ReplicaWaitRun.RunAsync(args); // what WaitForReplicas costs (benchmarks/run-replica-wait.sh)
    return;
}

if (args is ["smoke", ..])
{
    await SmokeAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(MiddlewareBenchmarks).Assembly).Run(args);

static async Task SmokeAsync()
{
    foreach (var variant in new[] { Variant.None, Variant.ScSessionCookie, Variant.AspNetSession, Variant.DataProtectionCookie, Variant.ScSessionMemory })
    {
        using var app = new InProcessApp(variant);
        await app.PrimeAsync();
        for (var i = 0; i < 2000; i++)
        {
            await app.InvokeAsync();
        }

        const int n = 20_000;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await app.InvokeAsync();
        }

        Console.WriteLine($"{variant,-22} {watch.Elapsed.TotalMicroseconds / n,8:F2} us/op {(GC.GetAllocatedBytesForCurrentThread() - allocated) / n,8} B/op  cookie {app.CookieHeader?.Length ?? 0} chars");
    }

    var serializer = new SerializerBenchmarks();
    serializer.Setup();
    Time("write: generated", () => serializer.WriteGenerated());
    Time("write: STJ source-gen", () => serializer.WriteStjSourceGen());
    Time("read: generated", () => serializer.ReadGenerated());
    Time("read: STJ source-gen", () => serializer.ReadStjSourceGen());
    var envelope = new EnvelopeBenchmarks { PayloadBytes = 1024 };
    envelope.Setup();
    Time("envelope 1 KB encode", () => envelope.Encode());
    Time("envelope 1 KB decode", () => envelope.Decode());
    Time("envelope 1 KB dec uncached", () => envelope.DecodeUncached());
    Time("envelope 1 KB round trip", () => envelope.RoundTrip());
    var ciphers = new CookieCipherBenchmarks();
    ciphers.Setup();
    Time("cipher: v1 AES-GCM enc", () => ciphers.EncodeV1());
    Time("cipher: v1 AES-GCM dec", () => ciphers.DecodeV1());
    Time("cipher: XAES enc", () => ciphers.EncodeXaes());
    Time("cipher: XAES dec", () => ciphers.DecodeXaes());
    Time("cipher: XAES/message enc", () => ciphers.EncodeXaesPerMessage());
    Time("cipher: XAES uncached dec", () => ciphers.DecodeXaesUncached());
    Time("cipher: XAES/EncryptEcb enc", () => ciphers.EncodeXaesEcb());
    Time("cipher: XAES/EncryptEcb dec", () => ciphers.DecodeXaesEcb());
    Time("cipher: HKDF key enc", () => ciphers.EncodeHkdf());
    Time("cipher: HKDF key dec", () => ciphers.DecodeHkdf());
    var generator = new GeneratorBenchmarks();
    generator.Setup();
    TimeMs("generator: cold", 5, () => generator.Cold());
    TimeMs("generator: unrelated edit", 20, () => generator.AfterUnrelatedEdit());
    Console.WriteLine("smoke: ok");
}

static void TimeMs(string name, int n, Func<object?> body)
{
    body();
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < n; i++)
    {
        body();
    }

    Console.WriteLine($"{name,-26} {watch.Elapsed.TotalMilliseconds / n,8:F2} ms/op");
}

static void Time(string name, Func<object?> body)
{
    for (var i = 0; i < 2000; i++)
    {
        body();
    }

    const int n = 50_000;
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < n; i++)
    {
        body();
    }

    Console.WriteLine($"{name,-26} {watch.Elapsed.TotalMicroseconds / n,8:F2} us/op {(GC.GetAllocatedBytesForCurrentThread() - allocated) / n,8} B/op");
}
