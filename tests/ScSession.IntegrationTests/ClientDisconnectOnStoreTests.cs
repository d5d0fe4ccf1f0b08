using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ScSession.IntegrationTests;

public sealed class ClientDisconnectOnMemoryStoreTests : ClientDisconnectTests
{
    protected override ISessionStore CreateStore(IServiceProvider services) => new MemorySessionStore(TimeProvider.System, new MemorySessionStoreOptions());
}

public sealed class ClientDisconnectOnDistributedCacheStoreTests : ClientDisconnectTests
{
    protected override ISessionStore CreateStore(IServiceProvider services)
        => new DistributedCacheSessionStore(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())), new DistributedCacheSessionStoreOptions());
}
