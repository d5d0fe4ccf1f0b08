// The secret key comes from configuration (user secrets, environment variables, a vault).
// expect: none
using ScSession;

namespace Corpus.Setup.Configuration;

public static class SessionSetup
{
    public static void AddSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScSession(options =>
        {
            options.SecretKey = builder.Configuration["ScSession:SecretKey"];
            options.IdleTimeout = TimeSpan.FromMinutes(30);
        });
    }
}
