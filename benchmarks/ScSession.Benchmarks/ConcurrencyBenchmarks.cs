using BenchmarkDotNet.Attributes;
using ScSession.Benchmarks.Shared;

namespace ScSession.Benchmarks;

/// <summary>
/// The price of <see cref="SessionConcurrency.Optimistic"/> per request (issue 14): the same cart request on the memory
/// store, with section versions checked and written, and with last-write-wins. One request at a time: this is the cost
/// of the bookkeeping, not of conflicts.
/// </summary>
[MemoryDiagnoser]
public class ConcurrencyBenchmarks
{
    private InProcessApp _optimistic = null!;
    private InProcessApp _lastWriteWins = null!;

    [GlobalSetup]
    public void Setup()
    {
        _optimistic = Prime(Variant.ScSessionMemory);
        _lastWriteWins = Prime(Variant.ScSessionMemoryLastWriteWins);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _optimistic.Dispose();
        _lastWriteWins.Dispose();
    }

    [Benchmark(Baseline = true, Description = "memory store, last-write-wins")]
    public Task LastWriteWins() => _lastWriteWins.InvokeAsync();

    [Benchmark(Description = "memory store, optimistic")]
    public Task Optimistic() => _optimistic.InvokeAsync();

    private static InProcessApp Prime(Variant variant)
    {
        var app = new InProcessApp(variant);
        app.PrimeAsync().GetAwaiter().GetResult();
        return app;
    }
}
