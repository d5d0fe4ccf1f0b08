// The secret key pasted into the source "for now".
// expect: SCSN0102
using ScSession;

namespace Corpus.Setup.HardCoded;

public static class HardCodedSessionSetup
{
    public static void AddShopSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScSession(options =>
        {
            options.SecretKey = "q4t7w!z%C*F-JaNdRgUkXp2s5v8y/B?E";
        });
    }
}
