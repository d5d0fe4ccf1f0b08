// Arrays, sets, lists and dictionaries of plain values, Guids included, with ordinary names.
// expect: none
using ScSession;

namespace Corpus.Feed.State;

[SessionModel]
public partial class FeedState
{
    public partial int[] RecentRatings { get; set; }

    public partial HashSet<Guid> DismissedNotices { get; set; }

    public partial Dictionary<string, int> Quantities { get; set; }

    public partial IList<string> Tags { get; set; }

    public partial Guid? LastSeenPostId { get; set; }
}
