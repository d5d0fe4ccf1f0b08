// A profile model written like an ordinary class: every property is a plain auto-property, so nothing is saved.
// expect: SCSN0007 SCSN0007 SCSN0007
using ScSession;

namespace Corpus.Account.ProfileEdit;

[SessionModel]
public partial class ProfileEditState
{
    public string? DisplayName { get; set; }

    public string? Bio { get; set; }

    public List<string> Interests { get; set; } = [];

    public string Greeting => $"Hello, {DisplayName}";
}
