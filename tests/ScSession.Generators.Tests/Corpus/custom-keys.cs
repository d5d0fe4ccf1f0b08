// Short explicit keys and a section name to keep the cookie small: all valid and distinct.
// expect: none
using ScSession;

namespace Corpus.Preferences.Regional;

[SessionModel(Name = "regional")]
public partial class RegionalSettings
{
    [SessionKey("lang")]
    public partial string? Language { get; set; }

    [SessionKey("tz")]
    public partial string? TimeZone { get; set; }

    [SessionKey("cur")]
    public partial string? Currency { get; set; }
}
