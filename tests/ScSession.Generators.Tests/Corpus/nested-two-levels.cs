// A subscription checkout with the billing details two levels down: Billing.Card.Number is plain, Billing.Card.Cvv is not.
// expect: SCSN0101
// expect-message: Billing.Card.Cvv
using ScSession;

namespace Corpus.Subscriptions.Checkout;

public sealed record CardDetails(string Number, string Cvv, int ExpiryMonth, int ExpiryYear);

public sealed class BillingDetails
{
    public string? CompanyName { get; set; }

    public CardDetails? Card { get; set; }
}

[SessionModel]
public partial class SubscriptionCheckout
{
    public partial string? Plan { get; set; }

    public partial BillingDetails? Billing { get; set; }
}
