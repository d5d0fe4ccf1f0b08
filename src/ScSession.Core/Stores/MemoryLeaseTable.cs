namespace ScSession.Internal;

/// <summary>
/// The memory store's leases of exclusive models: an in-process table of (key, section) to holder, ending on the
/// store's clock. A request waiting for a lease is woken when it is released, instead of polling.
/// </summary>
internal sealed class MemoryLeaseTable(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Key, string Section), Lease> _leases = [];

    /// <summary>Takes the lease unless another token holds it and it has not ended; the same token extends it.</summary>
    public bool TryAcquire(string key, string section, string token, TimeSpan duration)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_leases.TryGetValue((key, section), out var held) && held.EndsAt > now && !string.Equals(held.Token, token, StringComparison.Ordinal))
            {
                return false;
            }

            // An ended lease's waiters keep waiting on its signal until their delay passes, and then try again.
            _leases[(key, section)] = new Lease(token, now + duration);
            return true;
        }
    }

    /// <summary>Releases the lease when <paramref name="token"/> holds it, and wakes the requests waiting for it.</summary>
    public void Release(string key, string section, string token)
    {
        Lease? released = null;
        lock (_lock)
        {
            if (_leases.TryGetValue((key, section), out var held) && string.Equals(held.Token, token, StringComparison.Ordinal))
            {
                _leases.Remove((key, section));
                released = held;
            }
        }

        released?.Wake(); // outside the lock: waiters continue on their own threads
    }

    /// <summary>Waits until the lease held now is released, or <paramref name="delay"/> passes; at once when none is held.</summary>
    public async ValueTask WaitAsync(string key, string section, TimeSpan delay, CancellationToken cancellationToken)
    {
        Task released;
        lock (_lock)
        {
            if (!_leases.TryGetValue((key, section), out var held))
            {
                return;
            }

            released = held.Released();
        }

        try
        {
            await released.WaitAsync(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still held (or ended without a release): the caller tries again.
        }
    }

    /// <summary>How many leases the table holds, ended ones not taken again included (tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _leases.Count;
            }
        }
    }

    private sealed class Lease(string token, DateTimeOffset endsAt)
    {
        private TaskCompletionSource? _released; // created when a request waits: most leases are never waited for

        public string Token { get; } = token;

        public DateTimeOffset EndsAt { get; } = endsAt;

        /// <summary>Completes when the lease is released; called under the table's lock.</summary>
        public Task Released() => (_released ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        /// <summary>Wakes the waiters; called once the lease left the table, so no new waiter can come.</summary>
        public void Wake() => Volatile.Read(ref _released)?.TrySetResult();
    }
}
