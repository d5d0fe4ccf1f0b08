// A section name with a space in it.
// expect: SCSN0005
using ScSession;

namespace Corpus.Checkout.Steps;

[SessionModel(Name = "checkout step")]
public partial class CheckoutStepState
{
    public partial int Step { get; set; }
}
