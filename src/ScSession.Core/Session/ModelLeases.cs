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
/// it is how long a request is held up, not session time.
/// </remarks>
internal sealed class ModelLeases(HttpContext context, ScSessionRuntime runtime)
{
    private static readonly TimeSpan s_firstDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan s_longestDelay = TimeSpan.FromMilliseconds(50);

    private List<(string Key, string Section, string Token)>? _held;
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

        return _taking[id] = TakeOnceAsync(envelope, id.Item1, section, cancellationToken);
    }

    private async Task TakeOnceAsync(SessionEnvelope envelope, string key, string section, CancellationToken cancellationToken)
    {
        var leases = runtime.Backend.Leases!;
        var options = runtime.Options;
        var token = NewToken();
        var started = Stopwatch.GetTimestamp();
        var delay = s_firstDelay;
        while (!await leases.TryAcquireAsync(key, section, token, options.ExclusiveLeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            var waited = Stopwatch.GetElapsedTime(started);
            if (waited >= options.ExclusiveWaitTimeout)
            {
                var timeout = new SessionLeaseTimeoutException(section, waited);
                runtime.Metrics.LeaseTimedOut(waited);
                Log.LeaseTimedOut(runtime.Logger, envelope.PublicId, section, waited.TotalMilliseconds);
                await SessionAnnouncer.ConflictAsync(context, runtime, envelope, timeout).ConfigureAwait(false);
                throw timeout;
            }

            var pause = delay * (0.5 + (Random.Shared.NextDouble() / 2)); // jittered, so waiters do not poll in step
            await leases.WaitAsync(key, section, Min(pause, options.ExclusiveWaitTimeout - waited), cancellationToken).ConfigureAwait(false);
            delay = Min(delay * 2, s_longestDelay);
        }

        (_held ??= []).Add((key, section, token));
        runtime.Metrics.LeaseTaken(Stopwatch.GetElapsedTime(started));
        var stored = await runtime.Backend.ReadStoredAsync(key, cancellationToken).ConfigureAwait(false);
        envelope.Refresh(section, stored);
    }

    /// <summary>
    /// Releases every lease this request holds. Never throws: the request's outcome is decided, and a lease that could
    /// not be released ends by itself after <see cref="ScSessionOptions.ExclusiveLeaseDuration"/> (logged).
    /// </summary>
    public async Task ReleaseAllAsync()
    {
        if (_held is not { } held)
        {
            return;
        }

        _held = null;
        _taking = null;
        foreach (var (key, section, token) in held)
        {
            try
            {
                await runtime.Backend.Leases!.ReleaseAsync(key, section, token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.LeaseNotReleased(runtime.Logger, section, runtime.Options.ExclusiveLeaseDuration.TotalSeconds, ex);
            }
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
}
