using System.Globalization;
using System.Text.RegularExpressions;

namespace ScSession.Internal;

/// <summary>The store's SQL for one schema and table prefix. Identifiers are validated and quoted; values are always parameters.</summary>
internal sealed partial class PostgresSessionSql
{
    public PostgresSessionSql(PostgresSessionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Schema is null || !IdentifierPattern().IsMatch(options.Schema) || options.Schema.Length > 63)
        {
            throw new ArgumentException($"PostgreSQL session store: schema '{options.Schema}' is not a valid name (letters, digits and underscores, not starting with a digit, at most 63 characters).", nameof(options));
        }

        if (options.TablePrefix is null || (options.TablePrefix.Length > 0 && !IdentifierPattern().IsMatch(options.TablePrefix)) || options.TablePrefix.Length > 32)
        {
            throw new ArgumentException($"PostgreSQL session store: table prefix '{options.TablePrefix}' is not valid (letters, digits and underscores, not starting with a digit, at most 32 characters).", nameof(options));
        }

        var schema = Quote(options.Schema);
        var prefix = options.TablePrefix;
        var sessions = $"{schema}.{Quote(prefix + "sessions")}";
        var sections = $"{schema}.{Quote(prefix + "sections")}";
        var leases = $"{schema}.{Quote(prefix + "leases")}";
        Sessions = sessions;

        Script = string.Join(
            "\n",
            options.Schema == "public" ? null : $"CREATE SCHEMA IF NOT EXISTS {schema};\n",
            $"""
            CREATE TABLE IF NOT EXISTS {sessions} (
                key          text        PRIMARY KEY,
                created_at   timestamptz NOT NULL,
                last_seen_at timestamptz NOT NULL,
                expires_at   timestamptz NOT NULL,
                owner_id     text        NULL,
                description  text        NULL
            );

            -- Tables created before sessions had a description get the column (no-op when it is there).
            ALTER TABLE {sessions} ADD COLUMN IF NOT EXISTS description text NULL;

            -- The owner index: listing or revoking a user's sessions reads only that user's rows.
            CREATE INDEX IF NOT EXISTS {Quote(prefix + "sessions_owner_id_idx")} ON {sessions} (owner_id);

            -- The cleanup deletes expired sessions in expiry order.
            CREATE INDEX IF NOT EXISTS {Quote(prefix + "sessions_expires_at_idx")} ON {sessions} (expires_at);

            -- One row per section (model): saves write only the sections that changed. The version counts the
            -- section's writes (optimistic concurrency: a checked save writes only if it is still the one it read).
            CREATE TABLE IF NOT EXISTS {sections} (
                key     text   NOT NULL REFERENCES {sessions} (key) ON DELETE CASCADE,
                name    text   NOT NULL,
                data    bytea  NOT NULL,
                version bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (key, name)
            );

            -- Tables created before sections had a version get the column (no-op when it is there).
            ALTER TABLE {sections} ADD COLUMN IF NOT EXISTS version bigint NOT NULL DEFAULT 0;

            -- One row per lease on an exclusive model (session key, section name), held by a random token until it
            -- is released or expires_at passes. No foreign key: a lease may outlive its session and never revives it.
            CREATE TABLE IF NOT EXISTS {leases} (
                key        text        NOT NULL,
                name       text        NOT NULL,
                token      text        NOT NULL,
                expires_at timestamptz NOT NULL,
                PRIMARY KEY (key, name)
            );
            """).TrimStart('\n') + "\n";

        SchemaStatements = [.. Script.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s.Length > 0)];

        Load = $"""
            SELECT s.created_at, s.last_seen_at, s.expires_at, s.owner_id, c.name, c.data, c.version
            FROM {sessions} s LEFT JOIN {sections} c ON c.key = s.key
            WHERE s.key = $1
            """;
        DeleteIfExpired = $"DELETE FROM {sessions} WHERE key = $1 AND expires_at <= $2 RETURNING key, owner_id, created_at, last_seen_at";
        UpsertSession = $"""
            INSERT INTO {sessions} (key, created_at, last_seen_at, expires_at, owner_id, description) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (key) DO UPDATE SET created_at = EXCLUDED.created_at, last_seen_at = EXCLUDED.last_seen_at,
                expires_at = EXCLUDED.expires_at, owner_id = EXCLUDED.owner_id, description = EXCLUDED.description
            """;
        UpdateLiveSession = $"""
            UPDATE {sessions} SET created_at = $2, last_seen_at = $3, expires_at = $4, owner_id = $5, description = $6
            WHERE key = $1 AND expires_at > $7
            """;
        // $4: the version a checked write expects (NULL: unchecked). Besides the check against SectionVersions, the
        // condition makes a stale upsert write no row, even for two saves that both insert a new section expecting 0.
        UpsertSection = $"""
            INSERT INTO {sections} AS c (key, name, data, version) VALUES ($1, $2, $3, 1)
            ON CONFLICT (key, name) DO UPDATE SET data = EXCLUDED.data, version = c.version + 1
            WHERE $4::bigint IS NULL OR c.version = $4
            """;
        SectionVersions = $"SELECT name, version FROM {sections} WHERE key = $1 AND name = ANY($2) FOR UPDATE";
        LockLiveSession = $"SELECT expires_at > $2 FROM {sessions} WHERE key = $1 FOR UPDATE";
        MoveSections = $"UPDATE {sections} SET key = $2 WHERE key = $1";
        Delete = $"DELETE FROM {sessions} WHERE key = $1";
        Touch = $"UPDATE {sessions} SET last_seen_at = $2, expires_at = $3 WHERE key = $1 AND expires_at > $4";
        OwnerSessions = $"""
            SELECT key, created_at, last_seen_at, description FROM {sessions}
            WHERE owner_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC LIMIT $3
            """;
        RevokeSession = $"DELETE FROM {sessions} WHERE key = $1 AND owner_id = $2 AND expires_at > $3";
        RevokeOwner = $"""
            WITH deleted AS (DELETE FROM {sessions} WHERE owner_id = $1 RETURNING expires_at)
            SELECT count(*) FILTER (WHERE expires_at > $2) FROM deleted
            """;
        // MaxSessionsPerOwner: admissions of one owner are serialized by a transaction-scoped advisory lock on a hash
        // of the owner (and the table, so two stores in one database do not wait on each other's owners).
        LockOwner = $"SELECT pg_advisory_xact_lock(hashtextextended($1, {StableSeed(sessions)}))";
        LiveOwnerSessions = $"""
            SELECT key FROM {sessions} WHERE owner_id = $1 AND expires_at > $2 ORDER BY last_seen_at, created_at, key
            """;
        DisownSession = $"UPDATE {sessions} SET owner_id = NULL, description = NULL WHERE key = $1 AND owner_id = $2";
        RevokeSessions = $"DELETE FROM {sessions} WHERE key = ANY($1) AND owner_id = $2 RETURNING key";
        DeleteExpiredBatch = $"""
            DELETE FROM {sessions} WHERE key IN (
                SELECT key FROM {sessions} WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING key, owner_id, created_at, last_seen_at
            """;

        // A lease is taken when it is free, ended, or already this token's; one statement, so no transaction (nor
        // pooled connection) is held while the request runs. A row comes back only when this token holds it now.
        AcquireLease = $"""
            INSERT INTO {leases} AS l (key, name, token, expires_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (key, name) DO UPDATE SET token = EXCLUDED.token, expires_at = EXCLUDED.expires_at
            WHERE l.expires_at <= $5 OR l.token = EXCLUDED.token
            RETURNING 1
            """;
        ReleaseLease = $"DELETE FROM {leases} WHERE key = $1 AND name = $2 AND token = $3";
        // The rows of leases that ended unreleased (a process died holding them). The outer condition is checked again
        // on the row as it is when deleted, so a lease taken again meanwhile stays.
        DeleteExpiredLeasesBatch = $"""
            DELETE FROM {leases} WHERE expires_at <= $1 AND (key, name) IN (
                SELECT key, name FROM {leases} WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            """;

        // Serializes schema creation across processes (two app instances starting at once).
        SchemaLock = "SELECT pg_advisory_xact_lock(" + string.Create(CultureInfo.InvariantCulture, $"{0x5C5E5510}") + ")";
    }

    /// <summary>The sessions table, qualified and quoted.</summary>
    public string Sessions { get; }

    /// <summary>The DDL: schema (unless <c>public</c>), tables and indexes, all <c>IF NOT EXISTS</c>.</summary>
    public string Script { get; }

    /// <summary>The statements of <see cref="Script"/>, one by one (a prepared command holds one statement).</summary>
    public IReadOnlyList<string> SchemaStatements { get; }

    public string SchemaLock { get; }

    public string Load { get; }

    public string DeleteIfExpired { get; }

    public string UpsertSession { get; }

    public string UpdateLiveSession { get; }

    public string UpsertSection { get; }

    /// <summary>The stored versions of some sections of a session, locked until the transaction ends.</summary>
    public string SectionVersions { get; }

    public string LockLiveSession { get; }

    public string MoveSections { get; }

    public string Delete { get; }

    public string Touch { get; }

    public string OwnerSessions { get; }

    public string RevokeSession { get; }

    public string RevokeOwner { get; }

    /// <summary>Takes the owner's advisory lock until the transaction ends. Parameters: owner.</summary>
    public string LockOwner { get; }

    /// <summary>The keys of the owner's live sessions, least recently seen first. Parameters: owner, now.</summary>
    public string LiveOwnerSessions { get; }

    /// <summary>Takes a session out of its owner's reach (a refused admission). Parameters: key, owner.</summary>
    public string DisownSession { get; }

    /// <summary>Deletes those of the sessions that are still the owner's, returning their keys. Parameters: keys, owner.</summary>
    public string RevokeSessions { get; }

    public string DeleteExpiredBatch { get; }

    /// <summary>Takes or extends a lease, returning a row when the token holds it. Parameters: key, name, token, expires at, now.</summary>
    public string AcquireLease { get; }

    public string ReleaseLease { get; }

    public string DeleteExpiredLeasesBatch { get; }

    /// <summary>A seed for the owner lock's hash that differs per table and is the same in every process (no string.GetHashCode).</summary>
    private static long StableSeed(string table)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(table));
        return BitConverter.ToInt64(hash, 0);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
