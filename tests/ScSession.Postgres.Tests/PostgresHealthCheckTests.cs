using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace ScSession.Postgres.Tests;

/// <summary>The store's health check against a real PostgreSQL (issue 15): it loads as requests do, tables included.</summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class PostgresHealthCheckTests(PostgresServerFixture server)
{
    [Fact]
    public async Task A_running_PostgreSQL_is_healthy_and_the_check_creates_the_tables_requests_need()
    {
        var prefix = "h" + Guid.NewGuid().ToString("N")[..10] + "_";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddScSession().AddPostgresStore(server.ConnectionString, o => o.TablePrefix = prefix);
        builder.Services.AddHealthChecks().AddScSessionStore();
        await using var app = builder.Build();
        await app.StartAsync();

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["scsession-store"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("PostgresSessionStore", entry.Data["store"]);
        Assert.Equal(0, await server.CountAsync($"SELECT count(*) FROM \"{prefix}sessions\""));
        await app.StopAsync();
    }
}
