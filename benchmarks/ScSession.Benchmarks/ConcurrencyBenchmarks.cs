using BenchmarkDotNet.Attributes;
using ScSession.Benchmarks.Shared;

namespace ScSession.Benchmarks;

/// <summary>
/// The price of each <see cref="SessionConcurrency"/> per request (issue 14): the same cart request on the memory
/// store, last-write-wins, with section versions checked and written (optimistic), and with a lease taken, the cart
/// read again under it, and the lease released (exclusive). One request at a time: the cost of the bookkeeping, not of
/// waiting; the wait under parallel requests is measured over HTTP (<c>cart-latency</c>).
/// </summary>
[MemoryDiagnoser]
public class ConcurrencyBenchmarks
{
    private InProcessApp _optimistic = null!;
    private InProcessApp _lastWriteWins = null!;
    private InProcessApp _exclusive = null!;

    [GlobalSetup]
    public void Setup()
    {
        _optimistic = Prime(Variant.ScSessionMemory);
        _lastWriteWins = Prime(Variant.ScSessionMemoryLastWriteWins);
        _exclusive = Prime(Variant.ScSessionMemoryExclusive);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _optimistic.Dispose();
        _lastWriteWins.Dispose();
        _exclusive.Dispose();
    }

    [Benchmark(Baseline = true, Description = "memory store, last-write-wins")]
    public Task LastWriteWins() => _lastWriteWins.InvokeAsync();

    [Benchmark(Description = "memory store, optimistic")]
    public Task Optimistic() => _optimistic.InvokeAsync();

    [Benchmark(Description = "memory store, exclusive")]
    public Task Exclusive() => _exclusive.InvokeAsync();

    private static InProcessApp Prime(Variant variant)
    {
        var app = new InProcessApp(variant);
        app.PrimeAsync().GetAwaiter().GetResult();
        return app;
    }
}
