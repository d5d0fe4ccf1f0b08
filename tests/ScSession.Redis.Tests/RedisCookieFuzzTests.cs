using Microsoft.Extensions.DependencyInjection;
using ScSession.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace ScSession.Redis.Tests;

/// <summary>
/// The grammar-based Cookie header fuzzer (tests/Shared/Fuzzing) against the Redis store on a real redis-server:
/// 20,000 cases with a fixed seed, every malformed or unknown ID answered without a 5xx, an exception or a store call
/// for a value that is not an ID.
/// </summary>
[Collection(nameof(RedisCollection))]
[Trait("Category", "Fuzz")]
public sealed class RedisCookieFuzzTests(RedisServer redis, ITestOutputHelper output)
{
    [Fact]
    public async Task Redis_store()
    {
        var prefix = "fuzz" + Guid.NewGuid().ToString("N")[..8] + ":";
        await using var fuzzer = await CookieFuzzer.StartAsync(store: s => s.AddRedisStore(redis.Configuration, o => o.KeyPrefix = prefix));

        var report = await fuzzer.RunAsync(CookieFuzzer.CaseCount, CookieFuzzer.Seed);

        output.WriteLine($"redis store: {report}");
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures));
        Assert.True(report.Accepted > 0 && report.Rejected > 0, "the grammar must reach both valid and invalid sessions");
        Assert.True(report.Slowest < TimeSpan.FromSeconds(5), $"one case took {report.Slowest.TotalSeconds:0.0} s: {report.SlowestHeaderStart}");
    }
}
