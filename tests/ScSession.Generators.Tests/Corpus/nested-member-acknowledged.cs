// A kiosk keeps a card's security code for one payment step; the nested property itself is marked [SessionSensitive].
// expect: none
using ScSession;

namespace Corpus.Kiosk.Payment;

public sealed class PendingCard
{
    public string? Brand { get; set; }

    [SessionSensitive]
    public string? Cvv { get; set; }
}

[SessionModel]
public partial class KioskPayment
{
    public partial PendingCard? Card { get; set; }

    public partial decimal Amount { get; set; }
}
