using Microsoft.Extensions.DependencyInjection;
using ScSession.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace ScSession.IntegrationTests;

/// <summary>
/// Grammar-based fuzzing of the <c>Cookie</c> header, 20,000 cases per backend with a fixed seed (see
/// docs/security.md for the long run: <c>SCSESSION_FUZZ_CASES</c>).
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class CookieFuzzTests(ITestOutputHelper output)
{
    private Task RunAsync(string backend, Action<ScSessionOptions>? configure = null, Action<ScSessionBuilder>? store = null)
        => CookieFuzzer.RunAndAssertAsync(backend, output, configure, store);

    [Fact]
    public Task Cookie_store_with_a_secret_key() => RunAsync("cookie (AES)");

    [Fact]
    public Task Cookie_store_with_Data_Protection() => RunAsync("cookie (Data Protection)", o => o.SecretKey = null);

    [Fact]
    public Task Memory_store() => RunAsync("memory store", store: s => s.AddMemoryStore());

    [Fact]
    public Task Distributed_cache_store() => RunAsync("distributed-cache store", store: s =>
    {
        s.Services.AddDistributedMemoryCache();
        s.AddDistributedCacheStore();
    });
}
