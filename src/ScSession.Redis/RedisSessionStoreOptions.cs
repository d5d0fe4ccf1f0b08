namespace ScSession;

/// <summary>Options of the Redis store (<c>AddRedisStore(...)</c>).</summary>
public sealed class RedisSessionStoreOptions
{
    /// <summary>Prepended to every Redis key the store uses. Default: <c>scs:</c>.</summary>
    public string KeyPrefix { get; set; } = "scs:";

    /// <summary>The Redis database number; -1 for the connection's default.</summary>
    public int Database { get; set; } = -1;
}
