// A visit counter kept through ISession next to a typed model whose section name is different.
// expect: none
using ScSession;

namespace Corpus.Analytics.Visits;

[SessionModel]
public partial class VisitTracker
{
    public partial List<string> PagesSeen { get; set; }
}

public static class VisitEndpoints
{
    public static void MapVisits(this WebApplication app)
        => app.MapGet("/visits", (HttpContext context) =>
        {
            var visits = (context.Session.GetInt32("visits") ?? 0) + 1;
            context.Session.SetInt32("visits", visits);
            return visits;
        });
}
