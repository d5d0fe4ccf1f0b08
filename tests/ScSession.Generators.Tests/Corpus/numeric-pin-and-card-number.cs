// A newcomer stores the PIN and the card number as numbers: still secrets.
// expect: SCSN0101 SCSN0101
using ScSession;

namespace Corpus.Numeric.Secrets;

[SessionModel]
public partial class PhoneTopUp
{
    public partial int Pin { get; set; }

    public partial long CardNumber { get; set; }

    public partial int PinAttempts { get; set; }

    public partial decimal Amount { get; set; }
}
