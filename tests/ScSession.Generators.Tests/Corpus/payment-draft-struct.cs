// A nullable record struct for the payment draft: the CVC is found through the nullable value type.
// expect: SCSN0101
// expect-message: Draft.Cvc
using ScSession;

namespace Corpus.Checkout.Draft;

public readonly record struct PaymentDraft(string CardHolder, string Cvc);

[SessionModel]
public partial class PaymentStep
{
    public partial PaymentDraft? Draft { get; set; }
}
