using ScSession.Generators.Tests.Infrastructure;
using ScSession.Generators.Tests.Models;

namespace ScSession.Generators.Tests;

/// <summary>
/// Properties typed as collection interfaces (<c>IList&lt;T&gt;</c>, <c>ISet&lt;T&gt;</c>,
/// <c>IReadOnlyDictionary&lt;string, T&gt;</c>…): generated (the model in <c>Models/</c> builds warning-free),
/// written, read back, never null, and changed in place where the interface allows it. The README lists exactly these.
/// </summary>
public sealed class InterfaceCollectionTests
{
    [Fact]
    public void Every_collection_interface_round_trips()
    {
        var original = new InterfaceCollections
        {
            List = [3, 1, 2],
            Collection = ["a", "b"],
            Enumerable = new[] { new Point(1, 2), new Point(3, 4) }.Select(p => p), // any enumerable, even a lazy one
            ReadOnlyList = ["x", "y"],
            ReadOnlyCollection = [Color.Blue, Color.Red],
            Set = new SortedSet<string> { "b", "a" }, // any implementation is written; read back as a HashSet
            ReadOnlySet = new HashSet<int> { 7 },
            Dictionary = new Dictionary<string, int> { ["one"] = 1 },
            ReadOnlyDictionary = new Dictionary<string, CartItem> { ["tea"] = new CartItem("TEA-01", 2) },
            Nested = [new Dictionary<string, ISet<int>> { ["k"] = new HashSet<int> { 1, 2 } }, null],
        };

        var json = ModelJson.Write(original);
        var copy = ModelJson.Read<InterfaceCollections>(json);

        Assert.Equal([3, 1, 2], copy.List);
        Assert.Equal(["a", "b"], copy.Collection);
        Assert.Equal([new Point(1, 2), new Point(3, 4)], copy.Enumerable);
        Assert.Equal(["x", "y"], copy.ReadOnlyList);
        Assert.Equal([Color.Blue, Color.Red], copy.ReadOnlyCollection);
        Assert.True(copy.Set.SetEquals(["a", "b"]));
        Assert.True(copy.ReadOnlySet.SetEquals([7]));
        Assert.Equal(1, copy.Dictionary["one"]);
        Assert.Equal(("TEA-01", 2), (copy.ReadOnlyDictionary["tea"].Sku, copy.ReadOnlyDictionary["tea"].Quantity));
        Assert.True(copy.Nested[0]!["k"].SetEquals([1, 2]));
        Assert.Null(copy.Nested[1]);

        // Read back as the concrete collections the generator creates, and written again to the same bytes.
        Assert.IsType<List<int>>(copy.List);
        Assert.IsType<HashSet<string>>(copy.Set);
        Assert.IsType<Dictionary<string, CartItem>>(copy.ReadOnlyDictionary);
        Assert.Equal(json, ModelJson.Write(copy));
    }

    [Fact]
    public void Interface_collections_are_never_null_and_empty_when_missing()
    {
        var model = ModelJson.Read<InterfaceCollections>("""{"list":null}""");

        Assert.Empty(model.List);
        Assert.Empty(model.Collection);
        Assert.Empty(model.Enumerable);
        Assert.Empty(model.ReadOnlyList);
        Assert.Empty(model.ReadOnlyCollection);
        Assert.Empty(model.Set);
        Assert.Empty(model.ReadOnlySet);
        Assert.Empty(model.Dictionary);
        Assert.Empty(model.ReadOnlyDictionary);
        Assert.Empty(model.Nested);

        model.Set = null!;
        Assert.NotNull(model.Set);
    }

    [Fact]
    public void Changes_in_place_through_the_mutable_interfaces_are_written()
    {
        var model = ModelJson.Read<InterfaceCollections>("""{"list":[1],"collection":["a"],"set":["s"],"dictionary":{"a":1}}""");

        model.List.Add(2);
        model.Collection.Add("b");
        model.Set.Add("t");
        model.Dictionary["b"] = 2;

        var again = ModelJson.Read<InterfaceCollections>(ModelJson.Write(model));
        Assert.Equal([1, 2], again.List);
        Assert.Equal(["a", "b"], again.Collection);
        Assert.True(again.Set.SetEquals(["s", "t"]));
        Assert.Equal(2, again.Dictionary["b"]);
    }
}
