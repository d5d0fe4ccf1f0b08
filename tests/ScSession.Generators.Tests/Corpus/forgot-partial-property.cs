// The model is partial, but the newest property was written without "partial": it is silently never saved.
// expect: SCSN0007
using ScSession;

namespace Corpus.Preferences.Theme;

[SessionModel]
public partial class ThemePreferences
{
    public partial string? ColorScheme { get; set; }

    public bool HighContrast { get; set; }
}
