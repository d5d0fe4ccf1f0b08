// A recently-viewed list declared as an ordinary class: the model is not partial (and neither is its property).
// expect: SCSN0001 SCSN0007
using ScSession;

namespace Corpus.Catalog.Recent;

[SessionModel]
public class RecentlyViewedProducts
{
    public List<string> ProductIds { get; set; } = [];
}
