using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ScSession.Samples.Shop.Pages;

/// <summary>
/// "Your devices": the signed-in user's sessions, from the store's owner index, with "Sign out" per device and
/// "Sign out everywhere else". Needs a server store; the cookie store cannot call back a cookie it issued.
/// </summary>
public class DevicesModel(IConfiguration configuration, IServiceProvider services) : PageModel
{
    public bool CanListDevices { get; } = ShopStore.CanListDevices(configuration);

    public IReadOnlyList<OwnedSession> Devices { get; private set; } = [];

    /// <summary>This request's session: the device the user is looking from.</summary>
    public string CurrentId => HttpContext.Session.Id;

    public async Task<IActionResult> OnGetAsync([FromSession] UserSession user)
    {
        if (!user.IsSignedIn)
        {
            return Redirect("/Login");
        }

        if (CanListDevices)
        {
            Devices = await Index.GetOwnerSessionsAsync(user.UserName!, limit: 50, HttpContext.RequestAborted);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSignOutAsync(string? publicId, [FromSession] UserSession user)
    {
        if (string.IsNullOrEmpty(publicId) || publicId == HttpContext.Session.Id)
        {
            return BadRequest("Name another device; to sign out this one, use Sign out.");
        }

        // Owner-checked: an ID posted by one user never ends another user's session.
        if (user.IsSignedIn && CanListDevices && await Index.RevokeSessionAsync(user.UserName!, publicId, HttpContext.RequestAborted))
        {
            HttpContext.Flash().AddInfo("That device is signed out.");
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSignOutOthersAsync([FromSession] UserSession user)
    {
        if (user.IsSignedIn && CanListDevices)
        {
            var ended = await Index.RevokeOtherSessionsAsync(user.UserName!, HttpContext.Session.Id, HttpContext.RequestAborted);
            HttpContext.Flash().AddInfo(ended == 1 ? "1 other device is signed out." : $"{ended} other devices are signed out.");
        }

        return RedirectToPage();
    }

    private ISessionOwnerIndex Index => services.GetRequiredService<ISessionOwnerIndex>();
}
