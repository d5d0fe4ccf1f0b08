// Plain HTTP is allowed for the session cookie on the developer's machine only.
// expect: none
using ScSession;

namespace Corpus.Setup.Development;

public static class DevelopmentSessionSetup
{
    public static void AddDevFriendlySessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScSession(options =>
        {
            if (builder.Environment.IsDevelopment())
            {
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }

            options.Cookie.HttpOnly = true;
            options.Cookie.Name = ".shop.session";
        });
    }
}
