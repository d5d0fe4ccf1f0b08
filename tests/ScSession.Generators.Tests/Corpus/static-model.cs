// A static "session" class for a dismissed banner: one value for every user, and not a session model.
// expect: SCSN0002
using ScSession;

namespace Corpus.Banner;

[SessionModel]
public static partial class CookieBanner
{
    public static bool Dismissed { get; set; }
}
