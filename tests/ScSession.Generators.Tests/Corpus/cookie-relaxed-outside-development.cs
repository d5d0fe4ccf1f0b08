// Plain HTTP allowed whenever the app is "not production": staging and every other environment included.
// expect: SCSN0103
using ScSession;

namespace Corpus.Setup.Staging;

public static class StagingSessionSetup
{
    public static void AddStagingSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScSession(options =>
        {
            if (!builder.Environment.IsProduction())
            {
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }
        });
    }
}
