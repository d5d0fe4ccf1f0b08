// After an OAuth callback a newcomer stores both tokens in the session "to call the API later".
// expect: SCSN0101 SCSN0101
using ScSession;

namespace Corpus.Auth.OAuthTokens;

[SessionModel]
public partial class OAuthTokens
{
    public partial string? AccessToken { get; set; }

    public partial string? RefreshToken { get; set; }

    public partial DateTimeOffset ExpiresAt { get; set; }
}
