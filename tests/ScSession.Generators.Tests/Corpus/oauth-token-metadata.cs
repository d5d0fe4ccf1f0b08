// After an OAuth sign-in the app keeps only facts about the tokens (type, expiry, scopes); the tokens stay server-side.
// expect: none
using ScSession;

namespace Corpus.Auth.OAuthMetadata;

[SessionModel]
public partial class OAuthSignInInfo
{
    public partial string? TokenType { get; set; }

    public partial DateTimeOffset AccessTokenExpiresAt { get; set; }

    public partial List<string> GrantedScopes { get; set; }

    public partial bool RefreshTokenExpired { get; set; }
}
