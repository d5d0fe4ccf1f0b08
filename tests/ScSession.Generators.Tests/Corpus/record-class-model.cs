// A newcomer who likes records writes the model as a partial record class.
// expect: none
using ScSession;

namespace Corpus.Search.Recent;

[SessionModel]
public partial record class RecentSearches
{
    public partial List<string> Terms { get; set; }

    public partial DateTimeOffset? LastSearchedAt { get; set; }
}
