using Microsoft.Extensions.Caching.Distributed;

namespace ScSession;

/// <summary>Options of the <see cref="IDistributedCache"/> store (<c>AddDistributedCacheStore()</c>).</summary>
public sealed class DistributedCacheSessionStoreOptions
{
    /// <summary>Prepended to every cache key the store uses. Default: <c>scs:</c>.</summary>
    public string KeyPrefix { get; set; } = "scs:";
}
