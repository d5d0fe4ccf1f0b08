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
    public Task Postgres_store()
    {
        var prefix = "fuzz" + Guid.NewGuid().ToString("N")[..8] + "_";
        return CookieFuzzer.RunAndAssertAsync("postgres store", output, store: s => s.AddPostgresStore(server.ConnectionString, o => o.TablePrefix = prefix));
    }
}
