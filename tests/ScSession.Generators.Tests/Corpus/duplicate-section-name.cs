// Two models copied from one another keep the same section name and would overwrite each other.
// expect: SCSN0006 SCSN0006
using ScSession;

namespace Corpus.Preferences.Copies;

[SessionModel(Name = "prefs")]
public partial class SitePreferences
{
    public partial string? Language { get; set; }
}

[SessionModel(Name = "prefs")]
public partial class EmailPreferences
{
    public partial bool Newsletter { get; set; }
}
