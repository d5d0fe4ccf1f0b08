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
    public Task Redis_store()
    {
        var prefix = "fuzz" + Guid.NewGuid().ToString("N")[..8] + ":";
        return CookieFuzzer.RunAndAssertAsync("redis store", output, store: s => s.AddRedisStore(redis.Configuration, o => o.KeyPrefix = prefix));
    }
}
