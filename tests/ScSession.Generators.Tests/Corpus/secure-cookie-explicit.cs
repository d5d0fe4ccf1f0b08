// Someone spells out the secure defaults and reads the cart through the typed model: nothing to flag.
// expect: none
using ScSession;

namespace Corpus.Setup.Explicit;

[SessionModel]
public partial class MiniCart
{
    public partial int ItemCount { get; set; }
}

public static class ExplicitSessionSetup
{
    public static void AddExplicitSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScSession(options =>
        {
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
        });
    }

    public static void MapMiniCart(this WebApplication app)
        => app.MapGet("/cart/count", async (HttpContext context) => (await context.GetSessionAsync<MiniCart>()).ItemCount);
}
