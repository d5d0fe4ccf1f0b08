// The cookie policy picked with a conditional on IsDevelopment().
// expect: none
using ScSession;

namespace Corpus.Setup.Conditional;

public static class ConditionalSessionSetup
{
    public static void AddConditionalSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScSession(options =>
        {
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment()
                ? CookieSecurePolicy.SameAsRequest
                : CookieSecurePolicy.Always;
        });
    }
}
