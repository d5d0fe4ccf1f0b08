// "The cookie didn't work behind the proxy", fixed by sending it over plain HTTP everywhere.
// expect: SCSN0103
using ScSession;

namespace Corpus.Setup.Proxy;

public static class ProxySessionSetup
{
    public static void AddProxiedSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScSession(options =>
        {
            options.Cookie.SecurePolicy = CookieSecurePolicy.None;
        });
    }
}
