using Microsoft.Extensions.Diagnostics.HealthChecks;
using ScSession.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the session store's health check to <c>AddHealthChecks()</c>.</summary>
public static class ScSessionHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check of the configured session store (memory, Redis, PostgreSQL, <c>IDistributedCache</c> or
    /// your own): one load of a key no session can have, within <c>ScSession:StoreTimeout</c>. Unhealthy (or
    /// <paramref name="failureStatus"/>) when the store fails or times out, with the store's error; degraded when it
    /// took more than half of the timeout; healthy otherwise, and always with the cookie store (nothing to check).
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name. Default: <c>scsession-store</c>.</param>
    /// <param name="failureStatus">The status when the store fails. Default: <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to select the check by (<c>MapHealthChecks</c>'s predicate), e.g. <c>"ready"</c>.</param>
    /// <param name="timeout">A timeout of the check itself; the store call is bounded by <c>StoreTimeout</c> anyway.</param>
    public static IHealthChecksBuilder AddScSessionStore(
        this IHealthChecksBuilder builder,
        string name = "scsession-store",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            static services => new ScSessionStoreHealthCheck(services.GetRequiredService<ScSessionRuntime>()),
            failureStatus,
            tags,
            timeout));
    }
}
