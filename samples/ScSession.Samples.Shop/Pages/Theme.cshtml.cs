using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ScSession.Samples.Shop.Pages;

public class ThemeModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public IActionResult OnPost(Theme theme, string? returnUrl, [FromSession] PreferencesSession preferences)
    {
        preferences.Theme = theme;
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
