// A multi-step onboarding wizard: the current step and the answers so far.
// expect: none
using ScSession;

namespace Corpus.Onboarding;

public enum CompanySize
{
    Solo,
    Small,
    Medium,
    Large,
}

[SessionModel]
public partial class OnboardingWizard
{
    public partial int Step { get; set; }

    public partial string? CompanyName { get; set; }

    public partial CompanySize? Size { get; set; }

    public partial Dictionary<string, string> Answers { get; set; }

    public bool IsComplete => Step >= 4;
}
