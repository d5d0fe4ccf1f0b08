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
/// Waiting polls the store with a growing, jittered delay (2 ms doubling up to 50 ms), unless the store hears the
/// release sooner (<see cref="ISessionLeaseStore.WaitForLeaseReleaseAsync"/>). The wait is measured on the real clock:
/// it is how long a request is held up, not session time. Two requests that each hold one exclusive model and want
/// the other's would wait for each other until the timeout; a request only waits for a model whose name comes after
/// every one it holds, so such a cycle cannot form (the request that would close it gives up at once).
/// </remarks>
internal sealed class ModelLeases(HttpContext context, ScSessionRuntime runtime)
{
    private static readonly TimeSpan s_firstDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan s_longestDelay = TimeSpan.FromMilliseconds(50);

    // Every lease this request tried to take, with its token: a take whose answer was lost (a timeout, a client that went
    // away) may have taken it in the store, so each is released at the end (a token that holds nothing releases nothing),
    // and a take tried again (after a failed read) reuses the token, so it never waits for itself.
    private Dictionary<(string Key, string Section), Lease>? _leases;
    private Dictionary<(string Key, string Section), Task>? _taking; // one take per model and request, shared by concurrent first accesses

    /// <summary>
    /// Takes the lease on <paramref name="section"/> of <paramref name="envelope"/>'s session (at once when this
    /// request already holds it), then reads that section again from the store: the session was loaded before the
    /// lease was held, perhaps before another request saved the model.
    /// </summary>
    public Task TakeAsync(SessionEnvelope envelope, string section, CancellationToken cancellationToken)
    {
        var id = (envelope.PublicId, section); // the public ID is the store key (StoreSessionBackend.StoreKey), computed once
        _taking ??= [];
        if (_taking.TryGetValue(id, out var pending) && !pending.IsFaulted && !pending.IsCanceled)
        {
            return pending;
        }

        return _taking[id] = TakeOnceAsync(envelope, id, cancellationToken);
    }

    private async Task TakeOnceAsync(SessionEnvelope envelope, (string Key, string Section) id, CancellationToken cancellationToken)
    {
        var leases = runtime.Backend.Leases!;
        var options = runtime.Options;
        _leases ??= [];
        if (!_leases.TryGetValue(id, out var lease))
        {
            _leases[id] = lease = new Lease(NewToken());
        }

        var started = Stopwatch.GetTimestamp();
        var delay = s_firstDelay;
        while (!lease.Taken && !(lease.Taken = await leases.TryAcquireAsync(id.Key, id.Section, lease.Token, options.ExclusiveLeaseDuration, cancellationToken).ConfigureAwait(false)))
        {
            var waited = Stopwatch.GetElapsedTime(started);
            if (HeldAfter(id) is { } held)
            {
                // Waiting for a model while holding one that comes after it (by name) could wait for a request that
                // waits for this one. Models taken in name order never do, so only this case gives up at once.
                await RefuseAsync(envelope, new SessionLeaseTimeoutException(id.Section, held), waited, deadlock: true).ConfigureAwait(false);
            }

            if (waited >= options.ExclusiveWaitTimeout)
            {
                await RefuseAsync(envelope, new SessionLeaseTimeoutException(id.Section, waited), waited, deadlock: false).ConfigureAwait(false);
            }

            var pause = delay * (0.5 + (Random.Shared.NextDouble() / 2)); // jittered, so waiters do not poll in step
            await leases.WaitAsync(id.Key, id.Section, Min(pause, options.ExclusiveWaitTimeout - waited), cancellationToken).ConfigureAwait(false);
            delay = Min(delay * 2, s_longestDelay);
        }

        runtime.Metrics.LeaseTaken(Stopwatch.GetElapsedTime(started));
        var stored = await runtime.Backend.ReadStoredAsync(id.Key, cancellationToken).ConfigureAwait(false);
        envelope.Refresh(id.Section, stored);
    }

    /// <summary>A section of the same session this request holds whose name comes after <paramref name="id"/>'s, or null.</summary>
    private string? HeldAfter((string Key, string Section) id)
    {
        foreach (var ((key, section), lease) in _leases!)
        {
            if (lease.Taken && key == id.Key && string.CompareOrdinal(section, id.Section) > 0)
            {
                return section;
            }
        }

        return null;
    }

    private async Task RefuseAsync(SessionEnvelope envelope, SessionLeaseTimeoutException refusal, TimeSpan waited, bool deadlock)
    {
        runtime.Metrics.LeaseTimedOut(waited);
        if (deadlock)
        {
            Log.LeaseRefusedToAvoidDeadlock(runtime.Logger, envelope.PublicId, refusal.Sections[0]);
        }
        else
        {
            Log.LeaseTimedOut(runtime.Logger, envelope.PublicId, refusal.Sections[0], waited.TotalMilliseconds);
        }

        await SessionAnnouncer.ConflictAsync(context, runtime, envelope, refusal).ConfigureAwait(false);
        throw refusal;
    }

    /// <summary>
    /// Releases every lease this request holds. Never throws: the request's outcome is decided, and a lease that could
    /// not be released ends by itself after <see cref="ScSessionOptions.ExclusiveLeaseDuration"/> (logged).
    /// </summary>
    public async Task ReleaseAllAsync()
    {
        if (_leases is not { } leases)
        {
            return;
        }

        _leases = null;
        _taking = null;
        foreach (var ((key, section), lease) in leases)
        {
            try
            {
                await runtime.Backend.Leases!.ReleaseAsync(key, section, lease.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.LeaseNotReleased(runtime.Logger, section, runtime.Options.ExclusiveLeaseDuration.TotalSeconds, ex);
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>A lease this request tried to take: its token, and whether the store said it is held.</summary>
    private sealed class Lease(string token)
    {
        public string Token { get; } = token;

        public bool Taken { get; set; }
    }

    /// <summary>128 random bits: no other request (of this or another process) ever holds the same token.</summary>
    private static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
