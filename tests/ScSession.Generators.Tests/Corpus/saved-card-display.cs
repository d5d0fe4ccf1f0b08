// Checkout shows the saved card as "Visa ending in 4242": brand, last four digits and expiry, never the number itself.
// expect: none
using ScSession;

namespace Corpus.Checkout.SavedCard;

[SessionModel]
public partial class SavedCardDisplay
{
    public partial string? CardBrand { get; set; }

    public partial string? CardNumberLast4 { get; set; }

    public partial int ExpiryMonth { get; set; }

    public partial int ExpiryYear { get; set; }

    public partial string? CardholderName { get; set; }
}
