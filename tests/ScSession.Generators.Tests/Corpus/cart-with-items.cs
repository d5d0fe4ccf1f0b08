// The shopping cart from the README: items, a currency and a coupon. Nothing secret anywhere in the stored graph.
// expect: none
using ScSession;

namespace Corpus.Shop.Cart;

public sealed record CartItem(string Sku, string Title, int Quantity, decimal UnitPrice);

[SessionModel]
public partial class ShoppingCart
{
    public partial List<CartItem> Items { get; set; }

    public partial string? Currency { get; set; }

    public partial string? CouponCode { get; set; }

    public decimal Total => Items.Sum(i => i.Quantity * i.UnitPrice);
}
