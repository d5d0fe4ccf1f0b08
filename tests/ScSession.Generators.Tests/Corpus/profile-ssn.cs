// A tax profile form keeps the social security number between steps.
// expect: SCSN0101
using ScSession;

namespace Corpus.Tax.Profile;

[SessionModel]
public partial class TaxProfileDraft
{
    public partial string? FullName { get; set; }

    public partial string? SocialSecurityNumber { get; set; }

    public partial int TaxYear { get; set; }
}
