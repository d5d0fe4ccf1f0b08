using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ScSession.IntegrationTests.Pages.ErrorHandling;

/// <summary>A Razor page whose handler makes the session too large for its cookie: the page's rendering must fail.</summary>
public sealed class OversizeModel(BlobSession blob) : PageModel
{
    public int Length => blob.Data.Length;

    public void OnGet() => blob.Data = new string('x', 40_000);
}
