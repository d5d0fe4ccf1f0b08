using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ScSession.Samples.Shop.Pages;

public class LoginModel(TimeProvider time) : PageModel
{
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost(string? userName, [FromSession] UserSession user)
    {
        userName = userName?.Trim();
        if (string.IsNullOrEmpty(userName) || userName.Length > 40)
        {
            Error = "Enter a name of 1 to 40 characters.";
            return Page();
        }

        user.UserName = userName;
        user.SignedInAt = time.GetUtcNow();
        return Redirect("/");
    }

    public IActionResult OnPostSignOut([FromSession] UserSession user)
    {
        user.UserName = null;
        user.SignedInAt = null;
        return Redirect("/");
    }
}
