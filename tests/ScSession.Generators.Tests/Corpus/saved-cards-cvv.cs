// A wallet keeps the user's saved cards, and each card its CVV: the secret sits one level down, in the list's elements.
// expect: SCSN0101
// expect-message: Cards[].Cvv
using ScSession;

namespace Corpus.Checkout.Wallet;

public sealed class SavedCard
{
    public string Brand { get; set; } = "";

    public string Last4 { get; set; } = "";

    public string Cvv { get; set; } = "";
}

[SessionModel]
public partial class CardWallet
{
    public partial List<SavedCard> Cards { get; set; }

    public partial int SelectedIndex { get; set; }
}
