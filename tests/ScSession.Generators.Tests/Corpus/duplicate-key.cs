// Two properties end up under the same key: "theme" is Theme's default key and the other's explicit one.
// expect: SCSN0004
using ScSession;

namespace Corpus.Preferences.Duplicate;

[SessionModel]
public partial class DisplaySettings
{
    public partial string? Theme { get; set; }

    [SessionKey("theme")]
    public partial string? DarkModeTheme { get; set; }
}
