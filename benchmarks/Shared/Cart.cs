using System.Text.Json.Serialization;
using ScSession;

namespace ScSession.Benchmarks.Shared;

/// <summary>One cart line: the same shape for every variant.</summary>
public sealed class CartLine
{
    public string Sku { get; set; } = "";

    public string Name { get; set; } = "";

    public int Quantity { get; set; }

    public long UnitPriceCents { get; set; }
}

/// <summary>The cart as a ScSession model: serialized by the generated code.</summary>
[SessionModel(Name = "cart")]
public partial class CartSession
{
    public partial List<CartLine> Items { get; set; }
}

/// <summary>The same cart as a plain class, for System.Text.Json (AddSession and the hand-written cookie).</summary>
public sealed class Cart
{
    public List<CartLine> Items { get; set; } = [];
}

/// <summary>System.Text.Json source generation for <see cref="Cart"/>, with the same camelCase keys ScSession writes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Cart))]
public sealed partial class CartJsonContext : JsonSerializerContext;

/// <summary>The work every session variant does on a request: keep the last 10 lines, add one.</summary>
public static class CartWork
{
    public const int Lines = 10;
    private static int s_counter;

    /// <summary>
    /// Fills a new cart to 10 lines, or trims a stored one back to 10; then adds one line (a change on every request).
    /// Returns how many lines the cart had when loaded: 0 means the session was not carried.
    /// </summary>
    public static int LoadTenAddOne(List<CartLine> items)
    {
        var loaded = items.Count;
        if (items.Count > Lines)
        {
            items.RemoveRange(0, items.Count - Lines);
        }

        while (items.Count < Lines)
        {
            items.Add(NewLine(items.Count));
        }

        items.Add(new CartLine
        {
            Sku = "SKU-NEW",
            Name = "Added item",
            Quantity = Interlocked.Increment(ref s_counter) & 0xFFFF, // differs on every request, so every request saves
            UnitPriceCents = 1999,
        });
        return loaded;
    }

    public static List<CartLine> TenLines()
    {
        var items = new List<CartLine>(Lines + 1);
        for (var i = 0; i < Lines; i++)
        {
            items.Add(NewLine(i));
        }

        return items;
    }

    private static CartLine NewLine(int i) => new()
    {
        Sku = "SKU-" + (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Name = "Product number " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Quantity = 1 + i,
        UnitPriceCents = 1000 + (i * 250),
    };
}
