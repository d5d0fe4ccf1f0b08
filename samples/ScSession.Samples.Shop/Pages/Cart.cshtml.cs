using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ScSession.Samples.Shop.Pages;

// Constructor injection: a session model is a scoped service.
public class CartModel(CartSession cart) : PageModel
{
    public CartSession Cart { get; } = cart;

    public decimal Total => Cart.Lines.Sum(l => (Catalog.Find(l.Sku)?.Price ?? 0) * l.Quantity);

    public void OnGet()
    {
    }

    public IActionResult OnPostRemove(string sku)
    {
        Cart.Lines.RemoveAll(l => l.Sku == sku);
        return RedirectToPage();
    }
}
