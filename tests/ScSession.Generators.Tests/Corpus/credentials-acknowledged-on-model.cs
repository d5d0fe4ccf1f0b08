// An integration setup wizard stores the client credentials it is testing, acknowledged once at the model's property.
// expect: none
using ScSession;

namespace Corpus.Integrations.Setup;

public sealed record ClientCredentials(string ClientId, string ClientSecret);

[SessionModel]
public partial class IntegrationSetup
{
    public partial string? Provider { get; set; }

    [SessionSensitive] // deleted as soon as the connection test ends
    public partial ClientCredentials? Credentials { get; set; }
}
