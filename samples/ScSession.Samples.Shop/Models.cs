using ScSession;

namespace ScSession.Samples.Shop;

/// <summary>The shopping cart, kept in the session.</summary>
[SessionModel]
public partial class CartSession
{
    public partial List<CartLine> Lines { get; set; }

    public int ItemCount => Lines.Sum(l => l.Quantity);

    public void Add(string sku)
    {
        var line = Lines.Find(l => l.Sku == sku);
        if (line is null)
        {
            Lines.Add(new CartLine { Sku = sku, Quantity = 1 });
        }
        else
        {
            line.Quantity++; // in-place change: ScSession notices and saves it
        }
    }
}

/// <summary>One product in the cart.</summary>
public sealed class CartLine
{
    public string Sku { get; set; } = "";

    public int Quantity { get; set; }
}

/// <summary>Who is signed in (a demo login: no password).</summary>
[SessionModel(Name = "user")]
public partial class UserSession
{
    public partial string? UserName { get; set; }

    public partial DateTimeOffset? SignedInAt { get; set; }

    public bool IsSignedIn => UserName is not null;
}

/// <summary>Display preferences.</summary>
[SessionModel(Name = "prefs")]
public partial class PreferencesSession
{
    public partial Theme Theme { get; set; }
}

public enum Theme
{
    Light,
    Dark,
}

/// <summary>A product of the demo catalog.</summary>
public sealed record Product(string Sku, string Name, decimal Price);

public static class Money
{
    /// <summary>Euros, formatted the same on every machine (no dependency on installed cultures).</summary>
    public static string Format(decimal amount) => "€" + amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}

public static class Catalog
{
    public static IReadOnlyList<Product> Products { get; } =
    [
        new("TEA-01", "Sencha green tea, 100 g", 8.50m),
        new("TEA-02", "Earl Grey, 100 g", 7.90m),
        new("MUG-01", "Stoneware mug", 12.00m),
        new("POT-01", "Cast-iron teapot", 39.00m),
        new("INF-01", "Steel infuser", 4.20m),
    ];

    public static Product? Find(string sku) => Products.FirstOrDefault(p => p.Sku == sku);
}
