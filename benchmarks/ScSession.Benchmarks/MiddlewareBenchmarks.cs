using BenchmarkDotNet.Attributes;
using ScSession.Benchmarks.Shared;

namespace ScSession.Benchmarks;

/// <summary>
/// Group 1: one request, in process, through each variant: load the cart (10 lines kept), add one line, save.
/// Every operation sends the cookies of the primed session, so the work is the same on every iteration.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("middleware")]
public class MiddlewareBenchmarks
{
    private InProcessApp _none = null!;
    private InProcessApp _scSessionCookie = null!;
    private InProcessApp _aspNetSession = null!;
    private InProcessApp _dataProtectionCookie = null!;
    private InProcessApp _scSessionMemory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _none = Prime(Variant.None);
        _scSessionCookie = Prime(Variant.ScSessionCookie);
        _aspNetSession = Prime(Variant.AspNetSession);
        _dataProtectionCookie = Prime(Variant.DataProtectionCookie);
        _scSessionMemory = Prime(Variant.ScSessionMemory);
    }

    private static InProcessApp Prime(Variant variant)
    {
        var app = new InProcessApp(variant);
        app.PrimeAsync().GetAwaiter().GetResult();
        return app;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _none.Dispose();
        _scSessionCookie.Dispose();
        _aspNetSession.Dispose();
        _dataProtectionCookie.Dispose();
        _scSessionMemory.Dispose();
    }

    [Benchmark(Baseline = true, Description = "no session")]
    public Task NoSession() => _none.InvokeAsync();

    [Benchmark(Description = "ScSession cookie")]
    public Task ScSessionCookie() => _scSessionCookie.InvokeAsync();

    [Benchmark(Description = "AddSession()+STJ (memory cache)")]
    public Task AspNetSession() => _aspNetSession.InvokeAsync();

    [Benchmark(Description = "hand-written DP cookie+STJ")]
    public Task DataProtectionCookie() => _dataProtectionCookie.InvokeAsync();

    [Benchmark(Description = "ScSession memory store")]
    public Task ScSessionMemory() => _scSessionMemory.InvokeAsync();
}
