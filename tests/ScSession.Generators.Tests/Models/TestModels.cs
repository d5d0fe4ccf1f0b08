// Real session models, generated at build time by ScSession.Generators (referenced as an analyzer) and executed
// by BehaviourTests. The test project builds with warnings as errors, so the generated code is warning-free here too.
namespace ScSession.Generators.Tests.Models;

public enum Color
{
    Red,
    Green,
    Blue,
}

public enum Size : long
{
    Small = 1,
    Huge = 1L << 40,
}

public sealed record CartItem(string Sku, int Quantity)
{
    public string? Note { get; set; }

    public HashSet<string> Labels { get; } = [];

    public bool IsEmpty => Quantity == 0;
}

public sealed class Address
{
    public string Street { get; set; } = "";

    public int Number { get; set; } = 1;

    public List<string> Lines { get; set; } = [];

    public Dictionary<string, int> Codes { get; } = [];

    public int Total => Number * 2;
}

public readonly record struct Money
{
    public decimal Amount { get; init; }

    public string Currency { get; init; }
}

public readonly record struct Point(int X, int Y);

[SessionModel(Name = "cart")]
public partial class CartSession
{
    public partial List<CartItem> Items { get; set; }

    public partial string? Currency { get; set; }

    public partial int Count { get; set; }

    public partial string Name { get; set; }

    public partial Address Shipping { get; set; }

    public partial CartItem[] Saved { get; set; }

    public partial HashSet<string> Coupons { get; set; }

    public partial Dictionary<string, int> Totals { get; set; }

    public partial IList<Point> Route { get; set; }

    [SessionKey("c")]
    public partial Color Color { get; set; }

    [SessionIgnore]
    public partial int NotStored { get; set; }
}

[SessionModel]
public partial class EveryType
{
    public partial bool Bool { get; set; }
    public partial sbyte SByte { get; set; }
    public partial byte Byte { get; set; }
    public partial short Short { get; set; }
    public partial ushort UShort { get; set; }
    public partial int Int { get; set; }
    public partial uint UInt { get; set; }
    public partial long Long { get; set; }
    public partial ulong ULong { get; set; }
    public partial nint NInt { get; set; }
    public partial nuint NUInt { get; set; }
    public partial float Float { get; set; }
    public partial double Double { get; set; }
    public partial double NaN { get; set; }
    public partial float Infinity { get; set; }
    public partial decimal Decimal { get; set; }
    public partial char Char { get; set; }
    public partial string String { get; set; }
    public partial Guid Guid { get; set; }
    public partial DateTime DateTime { get; set; }
    public partial DateTime LocalDateTime { get; set; }
    public partial DateTimeOffset DateTimeOffset { get; set; }
    public partial DateOnly DateOnly { get; set; }
    public partial TimeOnly TimeOnly { get; set; }
    public partial TimeSpan TimeSpan { get; set; }
    public partial Color Color { get; set; }
    public partial Size Size { get; set; }
    public partial int? NullableInt { get; set; }
    public partial int? NullInt { get; set; }
    public partial Guid? NullableGuid { get; set; }
    public partial Color? NullableColor { get; set; }
    public partial DateOnly? NullableDate { get; set; }
    public partial string? NullableString { get; set; }
    public partial int[] Array { get; set; }
    public partial List<string?> List { get; set; }
    public partial HashSet<Guid> HashSet { get; set; }
    public partial Dictionary<string, List<Color>> Dictionary { get; set; }
    public partial IReadOnlyList<int> ReadOnlyList { get; set; }
    public partial Money Money { get; set; }
    public partial Money? NullableMoney { get; set; }
    public partial CartItem? Item { get; set; }
    public partial List<Point> Points { get; set; }
}

[SessionModel]
public partial class OddKeys
{
#pragma warning disable SCSN0005 // deliberately odd: the serializer must escape any key
    [SessionKey("ünï \"quoted\" \\ key")]
    public partial string? Value { get; set; }
#pragma warning restore SCSN0005

    public partial int ID { get; set; }

    public partial Address? MaybeAddress { get; set; }

    public partial CartItem LastItem { get; set; }
}

/// <summary>A model that says the last save may win.</summary>
[SessionModel(Concurrency = SessionConcurrency.LastWriteWins)]
public partial class ThemeChoice
{
    /// <summary>The theme.</summary>
    public partial string? Theme { get; set; }
}
