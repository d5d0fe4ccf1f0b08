using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StackExchange.Redis;

namespace ScSession.Redis.Tests;

/// <summary>The shop sample switched to Redis with one setting.</summary>
[Collection(nameof(RedisCollection))]
public sealed partial class SampleOnRedisTests(RedisServer redis)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [Fact]
    public async Task ScSession_Store_redis_keeps_the_cart_in_redis()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ScSession:Store", "redis")
            .UseSetting("ConnectionStrings:Redis", redis.Configuration));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        var page = await client.GetStringAsync("/");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        using var add = await client.PostAsync("/?handler=Add", new FormUrlEncodedContent([new("sku", "TEA-01"), new("__RequestVerificationToken", token)]));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, add.StatusCode);

        Assert.Contains("<span id=\"cart-count\">1</span>", await client.GetStringAsync("/Cart"), StringComparison.Ordinal);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var sessionKeys = server.Keys(pattern: "scs:s:*").ToList();
        Assert.NotEmpty(sessionKeys);
        Assert.Contains(sessionKeys, k => connection.GetDatabase().HashExists(k, "s:CartSession"));

        // The inspector reads the session from Redis like any request.
        var inspected = await client.GetStringAsync("/_scsession/session.json");
        Assert.Contains("\"store\": \"RedisSessionStore\"", inspected, StringComparison.Ordinal);
        Assert.Contains("TEA-01", inspected, StringComparison.Ordinal);
    }
}
