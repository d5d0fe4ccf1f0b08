// Client credentials kept as a positional record: the secret is a record parameter of a stored type.
// expect: SCSN0101
// expect-message: Credentials.ClientSecret
using ScSession;

namespace Corpus.Integrations.Connect;

public sealed record AppCredentials(string ClientId, string ClientSecret);

[SessionModel]
public partial class ConnectWizard
{
    public partial int Step { get; set; }

    public partial AppCredentials? Credentials { get; set; }
}
