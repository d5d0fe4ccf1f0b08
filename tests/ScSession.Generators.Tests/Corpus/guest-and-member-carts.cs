// Two cart models with similar names and distinct section names.
// expect: none
using ScSession;

namespace Corpus.Shop.TwoCarts;

[SessionModel(Name = "guest-cart")]
public partial class GuestCart
{
    public partial List<string> Skus { get; set; }
}

[SessionModel(Name = "member-cart")]
public partial class MemberCart
{
    public partial List<string> Skus { get; set; }

    public partial string? LoyaltyNumber { get; set; }
}
