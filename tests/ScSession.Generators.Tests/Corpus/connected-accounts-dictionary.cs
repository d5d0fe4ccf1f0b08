// Connected accounts by provider name: the access token is inside the dictionary's values.
// expect: SCSN0101
// expect-message: Accounts[].AccessToken
using ScSession;

namespace Corpus.Integrations.Connected;

public sealed class ConnectedAccount
{
    public string UserName { get; set; } = "";

    public string AccessToken { get; set; } = "";
}

[SessionModel]
public partial class ConnectedAccounts
{
    public partial Dictionary<string, ConnectedAccount> Accounts { get; set; }
}
