using System.Globalization;
using StackExchange.Redis;

namespace ScSession.Internal;

/// <summary>
/// <see cref="RedisSessionStoreOptions.WaitForReplicas"/>: after a write, <c>WAIT</c> on the master that took it until
/// enough replicas have it, or fail. Sent after the write's answer, not pipelined with it: StackExchange.Redis resends a
/// script the server did not know (after a failover, say) as a new command, which would then follow the <c>WAIT</c>.
/// </summary>
internal sealed class RedisReplicaWait(IConnectionMultiplexer connection, int replicas, TimeSpan timeout)
{
    private readonly long _timeoutMilliseconds = Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds));

    /// <summary>Waits until the write to <paramref name="key"/> reached the replicas asked for (nothing when none are).</summary>
    public Task AfterWriteAsync(RedisKey key) => replicas == 0 ? Task.CompletedTask : WaitAsync(connection.GetServer(key, flags: CommandFlags.DemandMaster));

    /// <summary>As <see cref="AfterWriteAsync(RedisKey)"/>, for writes to several keys: one <c>WAIT</c> per master they live on.</summary>
    public Task AfterWritesAsync(IEnumerable<RedisKey> keys)
        => replicas == 0 ? Task.CompletedTask : Task.WhenAll(keys.Select(key => connection.GetServer(key, flags: CommandFlags.DemandMaster)).DistinctBy(server => server.EndPoint).Select(WaitAsync));

    private async Task WaitAsync(IServer server)
    {
        // WAIT counts the writes this connection sent to the server before it: StackExchange.Redis has one interactive
        // connection per server, the one the write went over (during a cluster slot migration, a write redirected by
        // ASK went to another node than the slot map names: its WAIT then confirms nothing about it).
        var acknowledged = (long)await server.ExecuteAsync("WAIT", replicas, _timeoutMilliseconds).ConfigureAwait(false);
        if (acknowledged < replicas)
        {
            throw new RedisException(string.Create(
                CultureInfo.InvariantCulture,
                $"Only {acknowledged} of the {replicas} replicas asked for (RedisSessionStoreOptions.WaitForReplicas) acknowledged a session write on {server.EndPoint} within {_timeoutMilliseconds} ms: the write is on the master but could be lost if it fails. Check the replicas (INFO replication), or lower WaitForReplicas."));
        }
    }
}
