using ScSession.Internal;
using StackExchange.Redis;

namespace ScSession;

// Expiry events: Redis deletes a session's hash at its TTL, and with notify-keyspace-events "Ex" publishes the key on
// __keyevent@<db>__:expired. The hash is gone by then, so while reporting is on every write also keeps an expiry ledger
// (owner and times, ten minutes longer than the session) that the listener takes when the key expires.
public sealed partial class RedisSessionStore
{
    private static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(2);

    private RedisExpiryListener? _expiry;

    /// <inheritdoc />
    /// <remarks>
    /// <para>Source: Redis keyspace notifications. Needs <c>notify-keyspace-events</c> to include <c>E</c> and <c>x</c>
    /// (<c>CONFIG SET notify-keyspace-events Ex</c>, or in redis.conf): at start this writes a probe key that expires at
    /// once and waits up to two seconds for its notification; without one it throws, saying what to set. Each instance of the application subscribes; the first to take a session's ledger (one atomic script)
    /// reports it, so one expiry is reported once across instances.</para>
    /// <para>Only sessions written (saved or touched) since reporting started carry a ledger: a session last written
    /// before, by an instance without an <c>OnExpired</c> handler, is not reported. Notifications are fire-and-forget:
    /// an expiry while no instance is connected is lost. Redis sends them when it deletes the key — when a command
    /// meets it, or when its background expiry cycle finds it; that cycle visits the database's keys with a TTL a few at
    /// a time, so on a database with very many of them an expired key may wait seconds or more. Redis Cluster sends them per node, which this store does not subscribe to:
    /// on a cluster this throws.</para>
    /// </remarks>
    public async ValueTask<IAsyncDisposable> StartReportingExpiredAsync(Action<ExpiredSession> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var servers = _connection.GetServers();
        if (servers.Any(s => s.ServerType == ServerType.Cluster))
        {
            throw new InvalidOperationException(
                "The Redis store cannot report expired sessions on Redis Cluster: Redis sends keyspace notifications per node, and the store does not subscribe to each node. OnExpired is raised on a single node or a Sentinel setup.");
        }

        var database = _connection.GetDatabase(_database).Database;
        var listener = new RedisExpiryListener(this, report, RedisChannel.Literal($"__keyevent@{database}__:expired"));
        await listener.SubscribeAsync().ConfigureAwait(false);

        // The setting is checked by trying it, not with CONFIG GET (which needs the connection's admin mode, and which
        // managed services refuse): a probe key that expires at once must be announced.
        if (!await listener.ProbeAsync(ProbeWait).ConfigureAwait(false))
        {
            await listener.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"Redis did not announce an expired key within {ProbeWait.TotalSeconds:0} s, so the Redis store cannot report expired sessions: keyspace notifications are off. Set notify-keyspace-events to include E and x: CONFIG SET notify-keyspace-events Ex, and notify-keyspace-events Ex in redis.conf (on a managed service, its parameter group).");
        }

        Volatile.Write(ref _expiry, listener);
        return listener;
    }

    /// <summary>The session's key, and its expiry ledger's while reporting is on: the scripts that write or end a session keep the ledger too.</summary>
    private RedisKey[] WithLedger(RedisKey sessionKey) => Volatile.Read(ref _expiry) is null ? [sessionKey] : [sessionKey, LedgerKey(sessionKey)];

    // The session's key as hash tag: the ledger lives in the session's cluster slot.
    private RedisKey LedgerKey(RedisKey sessionKey) => $"{_ledgerPrefix}{{{sessionKey}}}";

    private sealed class RedisExpiryListener(RedisSessionStore store, Action<ExpiredSession> report, RedisChannel channel) : IAsyncDisposable, IDisposable
    {
        private readonly ISubscriber _subscriber = store._connection.GetSubscriber();
        private readonly string _probeKey = $"{store._ledgerPrefix}probe:{Guid.NewGuid():N}";
        private readonly TaskCompletionSource _probed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _stopped;

        private Action<RedisChannel, RedisValue>? _handler;

        public Task SubscribeAsync() => _subscriber.SubscribeAsync(channel, _handler = (notified, key) => _ = TakeAsync(key));

        /// <summary>Writes a key that expires at once, makes Redis notice (EXISTS), and waits for its notification.</summary>
        public async Task<bool> ProbeAsync(TimeSpan wait)
        {
            await store.Db.StringSetAsync(_probeKey, "1", TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
            await Task.Delay(10).ConfigureAwait(false);
            await store.Db.KeyExistsAsync(_probeKey).ConfigureAwait(false);
            try
            {
                await _probed.Task.WaitAsync(wait).ConfigureAwait(false);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        private async Task TakeAsync(RedisValue key)
        {
            var name = (string?)key;
            if (name == _probeKey)
            {
                _probed.TrySetResult();
                return;
            }

            if (name is null || !name.StartsWith(store._sessionPrefix, StringComparison.Ordinal) || Volatile.Read(ref _stopped) != 0)
            {
                return;
            }

            try
            {
                var taken = await store.Db.ScriptEvaluateAsync(RedisSessionScripts.TakeLedger, [name, store.LedgerKey(name)]).ConfigureAwait(false);
                if (taken.IsNull)
                {
                    return; // another instance took it, or the session was written before reporting started
                }

                var fields = (RedisValue[])taken!;
                report(new ExpiredSession(
                    name[store._sessionPrefix.Length..],
                    fields[2].IsNull ? null : (string?)fields[2],
                    DateTimeOffset.FromUnixTimeMilliseconds((long)fields[0]),
                    DateTimeOffset.FromUnixTimeMilliseconds((long)fields[1])));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                // Best effort: Redis went away between the notification and the take. The ledger expires by itself.
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                Interlocked.CompareExchange(ref store._expiry, null, this);
                // Only this listener's handler: the connection may be the application's, with its own subscribers.
                await _subscriber.UnsubscribeAsync(channel, _handler).ConfigureAwait(false);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                Interlocked.CompareExchange(ref store._expiry, null, this);
            }
        }
    }
}
