using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ScSession.Internal;

/// <summary>
/// The session store's health: one load of a key no session can have, through the same guard as a request's load
/// (<see cref="ScSessionOptions.StoreTimeout"/>, the store's own exception as the cause), so it checks what requests
/// need — the connection, the credentials, the PostgreSQL tables — and nothing is written. Degraded when the answer
/// took more than half of <see cref="ScSessionOptions.StoreTimeout"/>, where requests start to fail.
/// </summary>
internal sealed class ScSessionStoreHealthCheck(ScSessionRuntime runtime) : IHealthCheck
{
    /// <summary>Never a store key: those are 43-character base64url hashes.</summary>
    internal const string ProbeKey = "scsession-health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (runtime.Backend.DataInCookie)
        {
            return HealthCheckResult.Healthy("Sessions are kept in encrypted cookies: there is no session store to check.");
        }

        var store = runtime.StoreName!;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await runtime.Backend.ReadStoredAsync(ProbeKey, cancellationToken).ConfigureAwait(false);
        }
        catch (SessionStoreException ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex, Data(store, Stopwatch.GetElapsedTime(started)));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var data = Data(store, elapsed);
        var answered = string.Create(CultureInfo.InvariantCulture, $"Session store {store} answered in {elapsed.TotalMilliseconds:0.#} ms");
        return elapsed > runtime.Options.StoreTimeout / 2
            ? HealthCheckResult.Degraded($"{answered}, more than half of ScSession:StoreTimeout ({runtime.Options.StoreTimeout.TotalSeconds:0.###} s), after which requests fail.", data: data)
            : HealthCheckResult.Healthy(answered + ".", data);
    }

    private static Dictionary<string, object> Data(string store, TimeSpan elapsed) => new()
    {
        ["store"] = store,
        ["elapsed_ms"] = Math.Round(elapsed.TotalMilliseconds, 1),
    };
}
