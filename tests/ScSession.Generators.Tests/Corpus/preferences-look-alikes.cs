// User preferences whose names only look like secret words: "Pinned", "Spinner", "Keyboard" are not "pin" or "key".
// expect: none
using ScSession;

namespace Corpus.Preferences.Ui;

[SessionModel(Name = "ui-prefs")]
public partial class UiPreferences
{
    public partial string Theme { get; set; }

    public partial string? Language { get; set; }

    public partial HashSet<string> PinnedProducts { get; set; }

    public partial bool ShowSpinner { get; set; }

    public partial string? KeyboardLayout { get; set; }
}
