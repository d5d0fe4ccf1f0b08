using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ScSession.Samples.Shop.Pages;

public class IndexModel : PageModel
{
    public void OnGet()
    {
    }

    // [FromSession] binds a handler parameter to the typed session model.
    public IActionResult OnPostAdd(string sku, [FromSession] CartSession cart)
    {
        if (Catalog.Find(sku) is not { } product)
        {
            return BadRequest();
        }

        cart.Add(sku);
        HttpContext.Flash().AddSuccess($"Added {product.Name} to your cart.");
        return RedirectToPage();
    }
}
