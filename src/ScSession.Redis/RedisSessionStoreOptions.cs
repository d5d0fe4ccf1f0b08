namespace ScSession;

/// <summary>Options of the Redis store (<c>AddRedisStore(...)</c>).</summary>
public sealed class RedisSessionStoreOptions
{
    /// <summary>
    /// Prepended to every Redis key the store uses. Default: <c>scs:</c>. May not contain braces: the store uses them as
    /// Redis Cluster hash tags, to keep a session's keys in one slot.
    /// </summary>
    public string KeyPrefix
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.AsSpan().IndexOfAny('{', '}') >= 0)
            {
                throw new ArgumentException(
                    $"The Redis key prefix '{value}' contains a brace. Braces are Redis Cluster hash tags, which the store sets itself to keep a session's keys in one slot; choose a prefix without them.",
                    nameof(value));
            }

            field = value;
        }
    } = "scs:";

    /// <summary>The Redis database number; -1 for the connection's default.</summary>
    public int Database { get; set; } = -1;
}
