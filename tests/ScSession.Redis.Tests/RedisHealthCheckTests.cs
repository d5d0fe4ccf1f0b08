using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace ScSession.Redis.Tests;

/// <summary>The store's health check against a real Redis (issue 15).</summary>
[Collection(nameof(RedisCollection))]
public sealed class RedisHealthCheckTests(RedisServer redis)
{
    [Fact]
    public async Task A_running_Redis_is_healthy()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddScSession().AddRedisStore(redis.Configuration, o => o.KeyPrefix = $"t{Guid.NewGuid():N}:");
        builder.Services.AddHealthChecks().AddScSessionStore();
        await using var app = builder.Build();
        await app.StartAsync();

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["scsession-store"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("RedisSessionStore", entry.Data["store"]);
        await app.StopAsync();
    }
}
