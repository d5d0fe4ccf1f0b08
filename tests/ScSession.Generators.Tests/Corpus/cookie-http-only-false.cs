// The front end wants to read the session cookie from JavaScript.
// expect: SCSN0103
using ScSession;

namespace Corpus.Setup.Spa;

public static class SpaSessionSetup
{
    public static void AddSpaSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScSession(options =>
        {
            options.Cookie.HttpOnly = false;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
    }
}
