// Key rotation done by hand: the old key stays in the source as a constant.
// expect: SCSN0102
using ScSession;

namespace Corpus.Setup.Rotation;

public static class RotatedSessionSetup
{
    private const string OldKey = "dGhpcy1pcy10aGUtb2xkLWtleS1mcm9tLWxhc3QteWVhcg==";

    public static void AddRotatedSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScSession(options =>
        {
            options.SecretKey = builder.Configuration["ScSession:SecretKey"];
            options.PreviousSecretKeys.Add(OldKey);
        });
    }
}
