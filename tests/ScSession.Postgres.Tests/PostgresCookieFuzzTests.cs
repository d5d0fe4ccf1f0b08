using Microsoft.Extensions.DependencyInjection;
using ScSession.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace ScSession.Postgres.Tests;

/// <summary>The grammar-based Cookie header fuzzer (tests/Shared/Fuzzing) against the PostgreSQL store on a real server.</summary>
[Collection(PostgresServerFixture.Collection)]
[Trait("Category", "Fuzz")]
public sealed class PostgresCookieFuzzTests(PostgresServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Postgres_store()
    {
        var prefix = "fuzz" + Guid.NewGuid().ToString("N")[..8] + "_";
        await using var fuzzer = await CookieFuzzer.StartAsync(store: s => s.AddPostgresStore(server.ConnectionString, o => o.TablePrefix = prefix));

        var report = await fuzzer.RunAsync(CookieFuzzer.CaseCount, CookieFuzzer.Seed);

        output.WriteLine($"postgres store: {report}");
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures));
        Assert.True(report.Accepted > 0 && report.Rejected > 0, "the grammar must reach both valid and invalid sessions");
        Assert.True(report.Slowest < TimeSpan.FromSeconds(5), $"one case took {report.Slowest.TotalSeconds:0.0} s: {report.SlowestHeaderStart}");
    }
}
