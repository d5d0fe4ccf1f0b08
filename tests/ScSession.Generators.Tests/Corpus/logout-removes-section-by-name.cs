// Logout clears the cart by removing the model's section (its class name) through ISession.
// expect: SCSN0104
using ScSession;

namespace Corpus.Auth.Logout;

[SessionModel]
public partial class WishList
{
    public partial List<string> ProductIds { get; set; }
}

public static class LogoutEndpoints
{
    public static void MapLogout(this WebApplication app)
        => app.MapPost("/logout", (HttpContext context) =>
        {
            context.Session.Remove("WishList");
            return Results.Redirect("/");
        });
}
