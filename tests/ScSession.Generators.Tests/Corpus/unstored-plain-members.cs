// Members that are not stored on purpose: get-only, static, internal and [SessionIgnore] properties are not flagged.
// expect: none
using ScSession;

namespace Corpus.Catalog.Browsing;

[SessionModel]
public partial class CatalogBrowsing
{
    public partial List<string> RecentlyViewed { get; set; }

    public string Region { get; } = "eu";

    public static int MaxRecent { get; set; } = 20;

    internal string? DebugNote { get; set; }

    [SessionIgnore]
    public string? ScratchQuery { get; set; }
}
