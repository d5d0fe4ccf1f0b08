using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ScSession.Samples.Shop.Pages;

public class LoginModel(TimeProvider time) : PageModel
{
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? userName, bool rememberMe, [FromSession] UserSession user)
    {
        userName = userName?.Trim();
        if (string.IsNullOrEmpty(userName) || userName.Length > 40)
        {
            Error = "Enter a name of 1 to 40 characters.";
            return Page();
        }

        // Anti-fixation: the signed-in session gets a new ID; the cart comes along.
        await HttpContext.RenewSessionAsync();

        // "Remember me": a persistent cookie (and the remembered windows, when configured) or a cookie the browser
        // drops when it closes. The flag is kept in the session, so the server enforces the matching windows.
        HttpContext.SetSessionPersistent(rememberMe);
        user.UserName = userName;

        // The session now belongs to this user (a demo: the name is the user ID), described by its browser
        // ("Firefox on Windows"): on a server store, "Your devices" lists and ends the user's sessions.
        await HttpContext.SetSessionOwnerAsync(userName);
        user.SignedInAt = time.GetUtcNow();
        HttpContext.Flash().AddSuccess($"Signed in as {userName}.");
        return Redirect("/");
    }

    public async Task<IActionResult> OnPostSignOutAsync(bool keepTheme, [FromSession] PreferencesSession preferences)
    {
        var theme = preferences.Theme;

        // Logout: the cart, the user and everything else in the session are gone.
        await HttpContext.DestroySessionAsync();

        var fresh = await HttpContext.GetSessionAsync<PreferencesSession>();
        if (keepTheme)
        {
            fresh.Theme = theme;
        }

        HttpContext.Flash().AddInfo("You are signed out.");
        return Redirect("/");
    }
}
