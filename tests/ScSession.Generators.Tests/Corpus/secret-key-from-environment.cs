// The key read from an environment variable, the previous one too.
// expect: none
using ScSession;

namespace Corpus.Setup.Environment;

public static class EnvironmentSessionSetup
{
    public static void AddEnvironmentSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScSession(options =>
        {
            options.SecretKey = System.Environment.GetEnvironmentVariable("SHOP_SESSION_KEY");
            if (System.Environment.GetEnvironmentVariable("SHOP_SESSION_OLD_KEY") is { } previous)
            {
                options.PreviousSecretKeys.Add(previous);
            }
        });
    }
}
