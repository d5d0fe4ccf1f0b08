using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

public sealed class ClientDisconnectOnMemoryStoreTests : ClientDisconnectTests
{
    protected override void UseStore(ScSessionBuilder session) => session.AddMemoryStore();
}

public sealed class ClientDisconnectOnDistributedCacheStoreTests : ClientDisconnectTests
{
    protected override void UseStore(ScSessionBuilder session)
    {
        session.Services.AddDistributedMemoryCache();
        session.AddDistributedCacheStore();
    }
}
