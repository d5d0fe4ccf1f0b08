// Every collection interface the generator accepts, declared as a consumer would. Each is stored as the concrete
// collection the generator creates for it (List, HashSet or Dictionary) and read back as that type.
namespace ScSession.Generators.Tests.Models;

[SessionModel]
public partial class InterfaceCollections
{
    public partial IList<int> List { get; set; }

    public partial ICollection<string> Collection { get; set; }

    public partial IEnumerable<Point> Enumerable { get; set; }

    public partial IReadOnlyList<string> ReadOnlyList { get; set; }

    public partial IReadOnlyCollection<Color> ReadOnlyCollection { get; set; }

    public partial ISet<string> Set { get; set; }

    public partial IReadOnlySet<int> ReadOnlySet { get; set; }

    public partial IDictionary<string, int> Dictionary { get; set; }

    public partial IReadOnlyDictionary<string, CartItem> ReadOnlyDictionary { get; set; }

    public partial IList<IReadOnlyDictionary<string, ISet<int>>?> Nested { get; set; }
}
