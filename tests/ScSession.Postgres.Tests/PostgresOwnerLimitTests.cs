using ScSession.StoreTesting;

namespace ScSession.Postgres.Tests;

/// <summary><see cref="ScSessionOptions.MaxSessionsPerOwner"/> on a real PostgreSQL server (admissions serialized per owner by an advisory lock).</summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class PostgresOwnerLimitTests(PostgresServerFixture server) : OwnerLimitStoreContractTests
{
    protected override Task<ISessionStore> CreateStoreAsync()
        => Task.FromResult<ISessionStore>(new PostgresSessionStore(server.DataSource, new PostgresSessionStoreOptions(), TimeProvider.System));
}
