// A linked-account record whose refresh token is acknowledged on the record parameter (as a property attribute).
// expect: none
using ScSession;

namespace Corpus.Integrations.Linked;

public sealed record LinkedAccount(string Provider, string AccountName, [property: SessionSensitive] string RefreshToken);

[SessionModel]
public partial class LinkedAccounts
{
    public partial List<LinkedAccount> Accounts { get; set; }
}
