// A checkout form keeps the full card number and its security code across the review step.
// expect: SCSN0101 SCSN0101
using ScSession;

namespace Corpus.Checkout.Payment;

[SessionModel]
public partial class CheckoutPayment
{
    public partial string? CardNumber { get; set; }

    public partial string? SecurityCode { get; set; }

    public partial int ExpiryMonth { get; set; }

    public partial int ExpiryYear { get; set; }
}
