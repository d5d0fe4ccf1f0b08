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

    /// <summary>
    /// How many replicas must have a session's write before the request goes on: 0 (the default) does not wait, and a
    /// write the master acknowledged but had not yet sent to a replica is lost if the master dies and that replica takes
    /// over (Redis replicates asynchronously; the window is usually below a millisecond on one network, longer under
    /// load). With 1 or more, each save, renewal, destroy and revocation is followed by <c>WAIT</c> on the session's
    /// master, one more round trip after the write's answer: the write is then on that many replicas, or the request
    /// fails with a <see cref="SessionStoreException"/> after <see cref="ReplicaWaitTimeout"/> (the write may still be
    /// on the master). Keep it below the number of replicas each master has: a master that lost a replica (after a
    /// failover with one replica, the new master has none) fails every write until the replica is back.
    /// Touches and the owner index are not waited for: losing one costs an earlier expiry or a listing that misses a
    /// session until its next request. <c>WAIT</c> does not make Redis strongly consistent: a replica may still lose
    /// the write if it fails too.
    /// </summary>
    /// <remarks>
    /// StackExchange.Redis sends every command to a server over one connection, and <c>WAIT</c> holds that connection
    /// until the replicas answer: every other command to that server waits behind it, for up to
    /// <see cref="ReplicaWaitTimeout"/> per write while a replica is slow or gone, so loads slow down and may time out
    /// too. Measured cost: see <c>docs/scale.md</c>.
    /// </remarks>
    public int WaitForReplicas
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <summary>
    /// How long a write waits for <see cref="WaitForReplicas"/> replicas before the request fails. Default: 500 ms.
    /// Keep it short: the server's connection is held while it waits.
    /// </summary>
    public TimeSpan ReplicaWaitTimeout
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromMilliseconds(500);
}
