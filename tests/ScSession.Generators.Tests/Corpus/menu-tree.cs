// A navigation tree that refers to itself: the stored type graph has a cycle and no secret.
// expect: none
using ScSession;

namespace Corpus.Navigation;

public sealed class MenuNode
{
    public string Title { get; set; } = "";

    public string? Url { get; set; }

    public List<MenuNode> Children { get; set; } = [];
}

[SessionModel]
public partial class NavigationState
{
    public partial MenuNode? ExpandedMenu { get; set; }
}
