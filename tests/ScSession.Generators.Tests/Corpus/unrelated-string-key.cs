// Old code still uses ISession with its own key; no typed model owns that key, so nothing to say.
// expect: none
using ScSession;

namespace Corpus.Search.Legacy;

[SessionModel]
public partial class SearchHistory
{
    public partial List<string> Queries { get; set; }
}

public static class LegacySearchEndpoints
{
    public static void MapLegacySearch(this WebApplication app)
    {
        app.MapGet("/search", (HttpContext context, string q) =>
        {
            context.Session.SetString("last-search", q);
            return Results.Ok(q);
        });
    }
}
