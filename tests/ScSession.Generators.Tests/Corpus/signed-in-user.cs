// What the app remembers about the signed-in user: an ID, a display name, roles, when they signed in.
// expect: none
using ScSession;

namespace Corpus.Auth.SignIn;

[SessionModel]
public partial class SignedInUser
{
    public partial string? UserId { get; set; }

    public partial string? DisplayName { get; set; }

    public partial List<string> Roles { get; set; }

    public partial DateTimeOffset SignedInAt { get; set; }

    public partial bool RememberMe { get; set; }
}
