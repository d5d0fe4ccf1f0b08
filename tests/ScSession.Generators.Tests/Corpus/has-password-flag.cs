// Account settings page: whether the user has a local password (or signs in with Google only). A bool holds no secret.
// expect: none
using ScSession;

namespace Corpus.Account.Settings;

[SessionModel]
public partial class AccountSettingsState
{
    public partial bool HasPassword { get; set; }

    public partial bool IsPasswordExpired { get; set; }

    public partial string? ExternalProvider { get; set; }
}
