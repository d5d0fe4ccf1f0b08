namespace ScSession;

/// <summary>Options of the PostgreSQL store (<c>AddPostgresStore(...)</c>).</summary>
public sealed class PostgresSessionStoreOptions
{
    /// <summary>The schema holding the tables. Letters, digits and underscores, not starting with a digit. Default: <c>public</c>.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>
    /// The prefix of the table and index names: <c>{prefix}sessions</c>, <c>{prefix}sections</c> and
    /// <c>{prefix}leases</c>. Letters, digits and underscores, at most 32 characters. Default: <c>scsession_</c>.
    /// </summary>
    public string TablePrefix { get; set; } = "scsession_";

    /// <summary>
    /// Creates the schema and tables when missing (<c>CREATE … IF NOT EXISTS</c>), once per process, at the store's
    /// first use. Set to <see langword="false"/> when the tables are created by a migration (the script is
    /// <see cref="PostgresSessionStore.CreateSchemaScript"/>, also in <c>docs/postgres.sql</c>). Default: <see langword="true"/>.
    /// </summary>
    public bool CreateSchema { get; set; } = true;

    /// <summary>
    /// How long one command may run before it fails with a <see cref="SessionStoreException"/> (whole seconds, at
    /// least one). Opening a connection is bounded by the connection string's <c>Timeout</c>. Default: 30 seconds.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the background cleanup deletes expired sessions (and the rows of leases that ended without a
    /// release). <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> turns it off (expired sessions
    /// are then never loaded, and deleted when a request loads one; ended leases block nobody, their rows stay).
    /// Default: 5 minutes.
    /// </summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);
}
