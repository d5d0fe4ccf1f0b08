-- ScSession PostgreSQL store (ScSession.Postgres): tables and indexes for the default options
-- (Schema = "public", TablePrefix = "scsession_"). The store runs exactly this at first use unless
-- PostgresSessionStoreOptions.CreateSchema is false; then run it (or PostgresSessionStore.CreateSchemaScript(options)
-- for other names) from your migrations. Everything is IF NOT EXISTS: running it again changes nothing.

CREATE TABLE IF NOT EXISTS "public"."scsession_sessions" (
    key          text        PRIMARY KEY,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    owner_id     text        NULL,
    description  text        NULL
);

-- Tables created before sessions had a description get the column (no-op when it is there).
ALTER TABLE "public"."scsession_sessions" ADD COLUMN IF NOT EXISTS description text NULL;

-- The owner index: listing or revoking a user's sessions reads only that user's rows.
CREATE INDEX IF NOT EXISTS "scsession_sessions_owner_id_idx" ON "public"."scsession_sessions" (owner_id);

-- The cleanup deletes expired sessions in expiry order.
CREATE INDEX IF NOT EXISTS "scsession_sessions_expires_at_idx" ON "public"."scsession_sessions" (expires_at);

-- One row per section (model): saves write only the sections that changed. The version counts the
-- section's writes (optimistic concurrency: a checked save writes only if it is still the one it read).
CREATE TABLE IF NOT EXISTS "public"."scsession_sections" (
    key     text   NOT NULL REFERENCES "public"."scsession_sessions" (key) ON DELETE CASCADE,
    name    text   NOT NULL,
    data    bytea  NOT NULL,
    version bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (key, name)
);

-- Tables created before sections had a version get the column (no-op when it is there).
ALTER TABLE "public"."scsession_sections" ADD COLUMN IF NOT EXISTS version bigint NOT NULL DEFAULT 0;

-- One row per lease on an exclusive model (session key, section name), held by a random token until it
-- is released or expires_at passes. No foreign key: a lease may outlive its session and never revives it.
CREATE TABLE IF NOT EXISTS "public"."scsession_leases" (
    key        text        NOT NULL,
    name       text        NOT NULL,
    token      text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (key, name)
);
