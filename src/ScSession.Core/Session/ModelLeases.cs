using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace ScSession.Internal;

/// <summary>
/// The leases one request holds on <see cref="SessionConcurrency.Exclusive"/> models: each taken at the model's first
/// access, waiting while another request of the session holds it, and all released when the request ends.
/// </summary>
/// <remarks>
/// <para>Waiting polls the store with a growing, jittered delay (2 ms doubling up to 50 ms), unless the store hears the
/// release sooner (<see cref="ISessionLeaseStore.WaitForLeaseReleaseAsync"/>). The wait is measured on the real clock:
/// it is how long a request is held up, not session time.</para>
/// <para>Two requests that each hold one exclusive model and want the other's would wait for each other until the
/// timeout; a request only waits for a model whose name comes after every one it holds, so such a cycle cannot form
/// (the request that would close it gives up at once). A synchronous caller never waits: a thread blocked per waiting
/// request would starve the thread pool that the holder needs to finish.</para>
/// <para>Continuations of two takes (<c>Task.WhenAll</c> over two models) may run at once: the tables are locked.</para>
/// </remarks>
internal sealed class ModelLeases(HttpContext context, ScSessionRuntime runtime)
{
    private static readonly TimeSpan s_firstDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan s_longestDelay = TimeSpan.FromMilliseconds(50);

    private readonly Lock _lock = new();

    // Every lease this request tried to take, with its token: a take whose answer was lost (a timeout, a client that went
    // away) may have taken it in the store, so each is released at the end (a token that holds nothing releases nothing),
    // and a take tried again (after a failed read) reuses the token, so it never waits for itself.
    private Dictionary<(string Key, string Section), Lease>? _leases;
    private Dictionary<(string Key, string Section), Task>? _taking; // one take per model and request, shared by concurrent first accesses
    private bool _released;

    /// <summary>
    /// Takes the lease on <paramref name="section"/> of <paramref name="envelope"/>'s session (at once when this
    /// request already holds it), then reads that section again from the store: the session was loaded before the
    /// lease was held, perhaps before another request saved the model. When <paramref name="mayWait"/> is false (a
    /// synchronous caller), a lease another request holds fails at once.
    /// </summary>
    public Task TakeAsync(SessionEnvelope envelope, string section, bool mayWait, CancellationToken cancellationToken)
    {
        var id = (envelope.PublicId, section); // the public ID is the store key (StoreSessionBackend.StoreKey), computed once
        Lease lease;
        lock (_lock)
        {
            _taking ??= [];
            if (_taking.TryGetValue(id, out var pending) && !pending.IsFaulted && !pending.IsCanceled)
            {
                return pending;
            }

            _leases ??= [];
            if (!_leases.TryGetValue(id, out lease!))
            {
                _leases[id] = lease = new Lease(NewToken());
            }
        }

        var take = TakeOnceAsync(envelope, id, lease, mayWait, cancellationToken);
        lock (_lock)
        {
            _taking[id] = take;
        }

        return take;
    }

    private async Task TakeOnceAsync(SessionEnvelope envelope, (string Key, string Section) id, Lease lease, bool mayWait, CancellationToken cancellationToken)
    {
        var leases = runtime.Backend.Leases!;
        var options = runtime.Options;
        var started = Stopwatch.GetTimestamp();
        var delay = s_firstDelay;
        while (!lease.Taken && !(lease.Taken = await leases.TryAcquireAsync(id.Key, id.Section, lease.Token, options.ExclusiveLeaseDuration, cancellationToken).ConfigureAwait(false)))
        {
            var waited = Stopwatch.GetElapsedTime(started);
            if (!mayWait)
            {
                await RefuseAsync(envelope, SessionLeaseTimeoutException.Synchronous(id.Section), waited, "synchronous").ConfigureAwait(false);
            }

            if (HeldAfter(id) is { } held)
            {
                // Waiting for a model while holding one that comes after it (by name) could wait for a request that
                // waits for this one. Models taken in name order never do, so only this case gives up at once.
                await RefuseAsync(envelope, SessionLeaseTimeoutException.Deadlock(id.Section, held), waited, "deadlock").ConfigureAwait(false);
            }

            if (waited >= options.ExclusiveWaitTimeout)
            {
                await RefuseAsync(envelope, new SessionLeaseTimeoutException(id.Section, waited), waited, "timeout").ConfigureAwait(false);
            }

            var pause = delay * (0.5 + (Random.Shared.NextDouble() / 2)); // jittered, so waiters do not poll in step
            await leases.WaitAsync(id.Key, id.Section, Min(pause, options.ExclusiveWaitTimeout - waited), cancellationToken).ConfigureAwait(false);
            delay = Min(delay * 2, s_longestDelay);
        }

        runtime.Metrics.LeaseTaken(Stopwatch.GetElapsedTime(started));
        if (Volatile.Read(ref _released))
        {
            await ReleaseAsync(id, lease).ConfigureAwait(false); // the request ended while this take was on its way
            return;
        }

        var stored = await runtime.Backend.ReadStoredAsync(id.Key, cancellationToken).ConfigureAwait(false);
        envelope.Refresh(id.Section, stored);
    }

    /// <summary>A section of the same session this request holds whose name comes after <paramref name="id"/>'s, or null.</summary>
    private string? HeldAfter((string Key, string Section) id)
    {
        lock (_lock)
        {
            foreach (var ((key, section), lease) in _leases!)
            {
                if (lease.Taken && key == id.Key && string.CompareOrdinal(section, id.Section) > 0)
                {
                    return section;
                }
            }
        }

        return null;
    }

    private async Task RefuseAsync(SessionEnvelope envelope, SessionLeaseTimeoutException refusal, TimeSpan waited, string why)
    {
        runtime.Metrics.LeaseTimedOut(waited);
        var section = refusal.Sections[0];
        switch (why)
        {
            case "deadlock":
                Log.LeaseRefusedToAvoidDeadlock(runtime.Logger, envelope.PublicId, section);
                break;
            case "synchronous":
                Log.LeaseRefusedToSynchronousCaller(runtime.Logger, envelope.PublicId, section);
                break;
            default:
                Log.LeaseTimedOut(runtime.Logger, envelope.PublicId, section, waited.TotalMilliseconds);
                break;
        }

        await SessionAnnouncer.ConflictAsync(context, runtime, envelope, refusal).ConfigureAwait(false);
        throw refusal;
    }

    /// <summary>
    /// Releases every lease this request tried to take. Never throws: the request's outcome is decided, and a lease
    /// that could not be released ends by itself after <see cref="ScSessionOptions.ExclusiveLeaseDuration"/> (logged).
    /// A take still on its way releases its lease when it ends.
    /// </summary>
    public async Task ReleaseAllAsync()
    {
        Dictionary<(string Key, string Section), Lease>? leases;
        lock (_lock)
        {
            Volatile.Write(ref _released, true);
            leases = _leases;
            _leases = null;
            _taking = null;
        }

        foreach (var (id, lease) in leases ?? [])
        {
            await ReleaseAsync(id, lease).ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync((string Key, string Section) id, Lease lease)
    {
        try
        {
            await runtime.Backend.Leases!.ReleaseAsync(id.Key, id.Section, lease.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.LeaseNotReleased(runtime.Logger, id.Section, runtime.Options.ExclusiveLeaseDuration.TotalSeconds, ex);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>128 random bits: no other request (of this or another process) ever holds the same token.</summary>
    private static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>A lease this request tried to take: its token, and whether the store said it is held.</summary>
    private sealed class Lease(string token)
    {
        public string Token { get; } = token;

        public bool Taken { get; set; }
    }
}
