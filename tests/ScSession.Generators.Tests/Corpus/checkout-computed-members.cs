// Checkout state with computed helpers next to the stored properties: computed and expression-bodied members are fine.
// expect: none
using ScSession;

namespace Corpus.Checkout.Summary;

public sealed record CheckoutLine(string Sku, int Quantity, decimal UnitPrice);

[SessionModel]
public partial class CheckoutSummary
{
    public partial List<CheckoutLine> Lines { get; set; }

    public partial string? ShippingMethod { get; set; }

    public decimal Subtotal => Lines.Sum(l => l.Quantity * l.UnitPrice);

    public bool IsEmpty
    {
        get { return Lines.Count == 0; }
    }

    public string Label
    {
        get => IsEmpty ? "Your cart is empty" : $"{Lines.Count} items";
        set => ShippingMethod = value;
    }
}
