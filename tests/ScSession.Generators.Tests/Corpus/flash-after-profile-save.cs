// The profile page saves through the typed model and leaves a flash message: the intended way, nothing to flag.
// expect: none
using ScSession;

namespace Corpus.Account.ProfileSave;

[SessionModel]
public partial class ProfileForm
{
    public partial string? DisplayName { get; set; }

    public partial string? Email { get; set; }
}

public static class ProfileEndpoints
{
    public static void MapProfile(this WebApplication app)
    {
        app.MapPost("/profile", async (HttpContext context, string displayName) =>
        {
            var profile = await context.GetSessionAsync<ProfileForm>();
            profile.DisplayName = displayName;
            context.Flash().Add("success", "Your profile has been updated!");
            return Results.Redirect("/profile");
        });
    }
}
