using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ScSession.Postgres.Tests;

/// <summary>What the PostgreSQL store does beyond the contract: schema, cleanup, failures.</summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class PostgresSessionStoreTests(PostgresServerFixture server)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    /// <summary>A table prefix no other test uses, so row counts are exact.</summary>
    private static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..10] + "_";

    private SessionWrite Write(bool isNew, TimeSpan ttl, params string[] sections)
        => new(isNew, _time.GetUtcNow(), _time.GetUtcNow(), ttl, sections.ToDictionary(s => s, s => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(s)), null);

    private Task<long> RowsAsync(string prefix, string table) => server.CountAsync($"SELECT count(*) FROM \"{prefix}{table}\"");

    [Fact]
    public async Task Creates_its_tables_and_indexes_on_first_use()
    {
        var prefix = UniquePrefix();
        var store = new PostgresSessionStore(server.DataSource, new PostgresSessionStoreOptions { TablePrefix = prefix }, _time);

        await store.SaveAsync("k", Write(true, TimeSpan.FromMinutes(5), "cart"), default);

        Assert.Equal(1, await RowsAsync(prefix, "sessions"));
        Assert.Equal(1, await RowsAsync(prefix, "sections"));
        Assert.Equal(2, await server.CountAsync(
            "SELECT count(*) FROM pg_indexes WHERE tablename = $1 AND indexname IN ($2, $3)",
            prefix + "sessions", prefix + "sessions_owner_id_idx", prefix + "sessions_expires_at_idx"));
    }

    [Fact]
    public async Task Owner_listing_uses_the_owner_index()
    {
        var prefix = UniquePrefix();
        var options = new PostgresSessionStoreOptions { TablePrefix = prefix };
        var store = new PostgresSessionStore(server.DataSource, options, _time);
        await store.SaveAsync("k", Write(true, TimeSpan.FromMinutes(5)), default);

        // The store's own listing query, planned with an owner, a time and a limit as it runs them.
        await using var connection = await server.DataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL enable_seqscan = off"));
        var explain = new NpgsqlBatchCommand("EXPLAIN " + new ScSession.Internal.PostgresSessionSql(options).OwnerSessions);
        explain.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "ada" });
        explain.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = _time.GetUtcNow() });
        explain.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 100 });
        batch.BatchCommands.Add(explain);
        var plan = new StringBuilder();
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            do
            {
                while (await reader.ReadAsync())
                {
                    plan.AppendLine(reader.GetString(0));
                }
            }
            while (await reader.NextResultAsync());
        }

        Assert.Contains(prefix + "sessions_owner_id_idx", plan.ToString(), StringComparison.Ordinal);
        Assert.Contains("Limit", plan.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_created_before_descriptions_and_versions_get_the_columns_at_first_use()
    {
        var prefix = UniquePrefix();
        await using (var old = server.DataSource.CreateCommand($"""
            CREATE TABLE "{prefix}sessions" (key text PRIMARY KEY, created_at timestamptz NOT NULL, last_seen_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL, owner_id text NULL);
            CREATE TABLE "{prefix}sections" (key text NOT NULL REFERENCES "{prefix}sessions" (key) ON DELETE CASCADE,
                name text NOT NULL, data bytea NOT NULL, PRIMARY KEY (key, name));
            INSERT INTO "{prefix}sessions" VALUES ('before', now(), now(), now() + interval '1 day', 'ada');
            INSERT INTO "{prefix}sections" VALUES ('before', 'cart', '\x5b315d');
            """))
        {
            await old.ExecuteNonQueryAsync();
        }

        var store = new PostgresSessionStore(server.DataSource, new PostgresSessionStoreOptions { TablePrefix = prefix }, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        await store.SaveAsync("after", new SessionWrite(true, now, now, TimeSpan.FromMinutes(5), new Dictionary<string, ReadOnlyMemory<byte>>(), "ada", "laptop"), default);

        var listed = await store.GetOwnerSessionsAsync("ada");
        Assert.Equal(new (string, string?)[] { ("after", "laptop"), ("before", null) }, listed.Select(s => (s.PublicId, s.Description)).OrderBy(s => s.PublicId));

        // A section written before versions existed is at version 0, and a checked save that read it takes it to 1.
        var before = await store.LoadAsync("before", default);
        Assert.Equal(0, before!.SectionVersions["cart"]);
        var cart = new Dictionary<string, ReadOnlyMemory<byte>> { ["cart"] = "[1,2]"u8.ToArray() };
        await store.SaveAsync("before", new SessionWrite(false, now, now, TimeSpan.FromMinutes(5), cart) { ExpectedVersions = new Dictionary<string, long> { ["cart"] = 0 } }, default);
        Assert.Equal(1, (await store.LoadAsync("before", default))!.SectionVersions["cart"]);

        // The leases table is new too: created next to the old tables, so exclusive models work at once.
        Assert.True(await store.TryAcquireLeaseAsync("before", "cart", "a", TimeSpan.FromMinutes(1), default));
        Assert.False(await store.TryAcquireLeaseAsync("before", "cart", "b", TimeSpan.FromMinutes(1), default));
        Assert.Equal(1, await RowsAsync(prefix, "leases"));
    }

    [Fact]
    public async Task Works_in_another_schema_and_can_leave_schema_creation_to_a_script()
    {
        var options = new PostgresSessionStoreOptions { Schema = "sessions_" + Guid.NewGuid().ToString("N")[..8], TablePrefix = "app_", CreateSchema = false };
        var store = new PostgresSessionStore(server.DataSource, options, _time);

        var missing = await Assert.ThrowsAsync<PostgresException>(() => store.LoadAsync("k", default).AsTask());
        Assert.Equal(PostgresErrorCodes.UndefinedTable, missing.SqlState); // relation does not exist: not swallowed

        await using (var script = server.DataSource.CreateCommand(PostgresSessionStore.CreateSchemaScript(options)))
        {
            await script.ExecuteNonQueryAsync();
        }

        await store.SaveAsync("k", Write(true, TimeSpan.FromMinutes(5), "cart"), default);
        Assert.NotNull(await store.LoadAsync("k", default));
        Assert.Equal(1, await server.CountAsync($"SELECT count(*) FROM \"{options.Schema}\".\"app_sections\""));
    }

    [Fact]
    public void The_documented_script_is_the_one_the_store_runs()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "ScSession.sln")))
        {
            repository = repository.Parent;
        }

        Assert.NotNull(repository);
        var documented = File.ReadAllText(Path.Combine(repository.FullName, "docs", "postgres.sql")).ReplaceLineEndings("\n");
        Assert.EndsWith(PostgresSessionStore.CreateSchemaScript(new PostgresSessionStoreOptions()), documented, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public; DROP TABLE x", "scsession_")]
    [InlineData("public", "bad-prefix")]
    [InlineData("", "scsession_")]
    [InlineData("public\n", "scsession_")] // "$" would match before a final newline; the pattern anchors with \z
    [InlineData("public", "app_\n")]
    public void Rejects_schema_and_prefix_names_that_are_not_plain_identifiers(string schema, string prefix)
    {
        var options = new PostgresSessionStoreOptions { Schema = schema, TablePrefix = prefix };

        Assert.Throws<ArgumentException>(() => new PostgresSessionStore(server.DataSource, options, _time));
    }

    [Fact]
    public async Task Loading_an_expired_session_deletes_its_rows()
    {
        var prefix = UniquePrefix();
        var store = new PostgresSessionStore(server.DataSource, new PostgresSessionStoreOptions { TablePrefix = prefix }, _time);
        await store.SaveAsync("k", Write(true, TimeSpan.FromMinutes(5), "cart", "user"), default);

        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Null(await store.LoadAsync("k", default));
        Assert.Equal(0, await RowsAsync(prefix, "sessions"));
        Assert.Equal(0, await RowsAsync(prefix, "sections"));
    }

    [Fact]
    public async Task Cleanup_deletes_only_expired_sessions_with_their_sections()
    {
        var prefix = UniquePrefix();
        var store = new PostgresSessionStore(server.DataSource, new PostgresSessionStoreOptions { TablePrefix = prefix }, _time);
        for (var i = 0; i < 1205; i++) // more than one batch
        {
            await store.SaveAsync($"short{i}", Write(true, TimeSpan.FromMinutes(5), "cart"), default);
        }

        await store.SaveAsync("long", Write(true, TimeSpan.FromMinutes(30), "cart", "user"), default);

        Assert.Equal(0, await store.DeleteExpiredAsync(default));
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(1205, await store.DeleteExpiredAsync(default));
        Assert.Equal(1, await RowsAsync(prefix, "sessions"));
        Assert.Equal(2, await RowsAsync(prefix, "sections"));
        Assert.NotNull(await store.LoadAsync("long", default));
    }

    [Fact]
    public async Task Cleanup_deletes_the_rows_of_leases_that_ended_unreleased_and_keeps_held_ones()
    {
        var prefix = UniquePrefix();
        var store = new PostgresSessionStore(server.DataSource, new PostgresSessionStoreOptions { TablePrefix = prefix }, _time);
        Assert.True(await store.TryAcquireLeaseAsync("live", "cart", "a", TimeSpan.FromMinutes(30), default)); // creates the tables too
        Assert.True(await store.TryAcquireLeaseAsync("retaken", "cart", "dead", TimeSpan.FromMinutes(1), default));

        // More than one batch of leases whose processes died, ended a minute ago.
        await using (var dead = server.DataSource.CreateCommand($"""
            INSERT INTO "{prefix}leases" SELECT 'dead' || i, 'cart', 'dead', $1 FROM generate_series(1, 1205) AS i
            """))
        {
            dead.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = _time.GetUtcNow() + TimeSpan.FromMinutes(4) });
            await dead.ExecuteNonQueryAsync();
        }

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await store.TryAcquireLeaseAsync("retaken", "cart", "b", TimeSpan.FromMinutes(30), default)); // ended, taken again

        Assert.Equal(0, await store.DeleteExpiredAsync(default)); // counts sessions only
        Assert.Equal(2, await RowsAsync(prefix, "leases"));
        Assert.False(await store.TryAcquireLeaseAsync("live", "cart", "c", TimeSpan.FromMinutes(1), default));
        Assert.False(await store.TryAcquireLeaseAsync("retaken", "cart", "c", TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task The_registered_background_service_cleans_up_on_its_interval()
    {
        var prefix = UniquePrefix();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddScSession(o => o.SecretKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))
            .AddPostgresStore(server.ConnectionString, o =>
            {
                o.TablePrefix = prefix;
                o.CleanupInterval = TimeSpan.FromMinutes(1);
            });
        using var host = builder.Build();
        await host.StartAsync();
        var store = Assert.IsType<PostgresSessionStore>(host.Services.GetRequiredService<ISessionStore>());
        await store.SaveAsync("expiring", Write(true, TimeSpan.FromSeconds(30), "cart"), default);
        await store.SaveAsync("staying", Write(true, TimeSpan.FromMinutes(30), "cart"), default);

        _time.Advance(TimeSpan.FromMinutes(1));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await RowsAsync(prefix, "sessions") != 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, await RowsAsync(prefix, "sessions"));
        Assert.NotNull(await store.LoadAsync("staying", default));
        await host.StopAsync();
    }

    [Fact]
    public async Task Parallel_checked_saves_of_one_section_are_each_kept_or_a_conflict_never_lost()
    {
        const int Saves = 200;
        var store = new PostgresSessionStore(server.DataSource, new PostgresSessionStoreOptions { TablePrefix = UniquePrefix() }, _time);
        await store.SaveAsync("k", Write(true, TimeSpan.FromMinutes(5)), default);

        // Each save reads the list and its version, appends its number, and saves expecting the version it read.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Saves).Select(number => Task.Run(async () =>
        {
            var loaded = (await store.LoadAsync("k", default))!;
            var list = loaded.Sections.TryGetValue("log", out var data) ? JsonSerializer.Deserialize<List<int>>(data.Span)! : [];
            list.Add(number);
            var changed = new Dictionary<string, ReadOnlyMemory<byte>> { ["log"] = JsonSerializer.SerializeToUtf8Bytes(list) };
            var write = new SessionWrite(false, _time.GetUtcNow(), _time.GetUtcNow(), TimeSpan.FromMinutes(5), changed)
            {
                ExpectedVersions = new Dictionary<string, long> { ["log"] = loaded.SectionVersions.GetValueOrDefault("log") },
            };
            try
            {
                await store.SaveAsync("k", write, default);
                return (Number: number, Kept: true);
            }
            catch (SessionConflictException conflict)
            {
                Assert.Equal(["log"], conflict.Sections);
                return (Number: number, Kept: false);
            }
        })));

        var kept = outcomes.Where(o => o.Kept).Select(o => o.Number).Order().ToList();
        Assert.Equal(Saves, kept.Count + outcomes.Count(o => !o.Kept));
        Assert.NotEmpty(kept);
        var final = (await store.LoadAsync("k", default))!;
        Assert.Equal(kept, JsonSerializer.Deserialize<List<int>>(final.Sections["log"].Span)!.Order()); // every kept save, nothing else
        Assert.Equal(kept.Count, final.SectionVersions["log"]);
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_npgsqls_own_exception()
    {
        await using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2");
        var store = new PostgresSessionStore(nowhere, new PostgresSessionStoreOptions(), _time);

        // The store throws Npgsql's own exception: ScSession wraps it, once (PostgresPipelineTests).
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.LoadAsync("k", default).AsTask());
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.SaveAsync("k", Write(true, TimeSpan.FromMinutes(1), "cart"), default).AsTask());
    }

    [Fact]
    public async Task A_cancelled_request_is_cancelled_not_a_store_failure()
    {
        var store = new PostgresSessionStore(server.DataSource, new PostgresSessionStoreOptions(), _time);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.LoadAsync("k", cancelled.Token).AsTask());
    }
}
