using System.Collections.Concurrent;
using StackExchange.Redis;

namespace ScSession.Internal;

/// <summary>
/// Wakes requests waiting for a lease of the Redis store when it is released: the release script publishes the lease's
/// key on one channel per key prefix, and this process's waiters for that key continue at once instead of at their
/// next poll. Pub/sub is fire-and-forget (a message can be missed: a waiter that starts listening just after it, a
/// reconnection), so polling stays the fallback and a missed message costs at most one poll delay.
/// </summary>
internal sealed class RedisLeaseReleases(IConnectionMultiplexer connection, string channel) : IDisposable
{
    private readonly RedisChannel _channel = RedisChannel.Literal(channel);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private Task? _subscribing;

    /// <summary>The channel the release script publishes on.</summary>
    public RedisValue Channel { get; } = channel;

    /// <summary>Waits until <paramref name="leaseKey"/> is released here or elsewhere, or <paramref name="delay"/> passes.</summary>
    public async ValueTask WaitAsync(string leaseKey, TimeSpan delay, CancellationToken cancellationToken)
    {
        var subscribing = _subscribing ??= connection.GetSubscriber().SubscribeAsync(_channel, OnReleased);
        if (!subscribing.IsCompletedSuccessfully)
        {
            // Never longer than the delay: a subscription that is slow (or fails) only makes this wait a plain poll.
            try
            {
                await subscribing.WaitAsync(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return;
            }
            catch (Exception) when (subscribing.IsFaulted)
            {
                _ = Interlocked.CompareExchange(ref _subscribing, null, subscribing); // tried again by the next wait
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        var released = _waiters.GetOrAdd(leaseKey, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await released.Task.WaitAsync(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Not released yet (or the message was missed): forget the signal so the map does not keep leases of
            // processes that died; other waiters on it wake at their own delay and listen again.
            _waiters.TryRemove(new KeyValuePair<string, TaskCompletionSource>(leaseKey, released));
        }
    }

    public void Dispose()
    {
        if (_subscribing is { IsCompletedSuccessfully: true })
        {
            connection.GetSubscriber().Unsubscribe(_channel, OnReleased, CommandFlags.FireAndForget);
        }
    }

    private void OnReleased(RedisChannel channel, RedisValue leaseKey)
    {
        if (_waiters.TryRemove((string)leaseKey!, out var released))
        {
            released.TrySetResult();
        }
    }
}
