// A self-service kiosk keeps the card PIN typed on the first screen.
// expect: SCSN0101
using ScSession;

namespace Corpus.Kiosk.Pin;

[SessionModel]
public partial class KioskCardEntry
{
    public partial string? CardPin { get; set; }

    public partial decimal Amount { get; set; }
}
