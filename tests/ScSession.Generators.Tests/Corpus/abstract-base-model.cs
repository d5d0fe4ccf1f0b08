// An abstract base model meant to be shared by several wizards: the framework cannot create it.
// expect: SCSN0002
using ScSession;

namespace Corpus.Wizards.Base;

[SessionModel]
public abstract partial class WizardBase
{
    public partial int CurrentStep { get; set; }

    public abstract int StepCount { get; }
}
