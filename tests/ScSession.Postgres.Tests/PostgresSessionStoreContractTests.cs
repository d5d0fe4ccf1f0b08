using Microsoft.Extensions.Time.Testing;
using ScSession.StoreTesting;

namespace ScSession.Postgres.Tests;

/// <summary>The store contract, optimistic concurrency and leases included, against a real PostgreSQL server; expiry follows a fake clock passed to the store.</summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class PostgresSessionStoreContractTests(PostgresServerFixture server) : LeasingStoreContractTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    protected override DateTimeOffset Now => _time.GetUtcNow();

    protected override Task<ISessionStore> CreateStoreAsync()
        => Task.FromResult<ISessionStore>(new PostgresSessionStore(server.DataSource, new PostgresSessionStoreOptions(), _time));

    protected override Task AdvanceAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }
}
