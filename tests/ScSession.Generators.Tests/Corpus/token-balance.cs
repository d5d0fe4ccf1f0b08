// A game shop keeps the player's token balance between pages: tokens here are a currency, and an int holds no secret.
// expect: none
using ScSession;

namespace Corpus.Arcade.Wallet;

[SessionModel]
public partial class ArcadeWallet
{
    public partial int TokenBalance { get; set; }

    public partial decimal TokenPrice { get; set; }

    public partial List<int> TokenPackSizesSeen { get; set; }
}
