using System.Buffers;
using System.Text;
using System.Text.Json;
using ScSession.Generators.Tests.Models;

namespace ScSession.Generators.Tests;

/// <summary>Executes the code generated for the models in <c>Models/</c>.</summary>
public sealed class BehaviourTests
{
    [Fact]
    public void Every_supported_type_round_trips()
    {
        var original = new EveryType
        {
            Bool = true,
            SByte = sbyte.MinValue,
            Byte = byte.MaxValue,
            Short = short.MinValue,
            UShort = ushort.MaxValue,
            Int = int.MinValue,
            UInt = uint.MaxValue,
            Long = long.MinValue,
            ULong = ulong.MaxValue,
            NInt = -42,
            NUInt = 42,
            Float = 3.14159f,
            Double = Math.PI,
            NaN = double.NaN,
            Infinity = float.NegativeInfinity,
            Decimal = decimal.MaxValue,
            Char = 'é',
            String = "héllo \"wörld\" \u2603",
            Guid = Guid.NewGuid(),
            DateTime = new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc).AddTicks(1234567),
            LocalDateTime = new DateTime(2001, 1, 1, 1, 1, 1, DateTimeKind.Unspecified),
            DateTimeOffset = new DateTimeOffset(2020, 5, 6, 7, 8, 9, TimeSpan.FromHours(-3.5)).AddTicks(42),
            DateOnly = new DateOnly(1999, 12, 31),
            TimeOnly = new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(9999)),
            TimeSpan = -TimeSpan.FromDays(3.25).Add(TimeSpan.FromTicks(1)),
            Color = Color.Blue,
            Size = Size.Huge,
            NullableInt = 7,
            NullInt = null,
            NullableGuid = Guid.NewGuid(),
            NullableColor = Color.Green,
            NullableDate = new DateOnly(2000, 1, 1),
            NullableString = null,
            Array = [1, 2, 3],
            List = ["a", null, "c"],
            HashSet = [Guid.NewGuid(), Guid.NewGuid()],
            Dictionary = new() { ["x"] = [Color.Red, Color.Blue], ["y"] = [] },
            ReadOnlyList = [5, 6],
            Money = new Money { Amount = 12.34m, Currency = "EUR" },
            NullableMoney = new Money { Amount = -1m, Currency = "USD" },
            Item = new CartItem("sku-1", 3) { Note = "gift" },
            Points = [new Point(1, 2), new Point(-3, 4)],
        };

        var context = new SessionReadContext("EveryType");
        var copy = Read<EveryType>(Write(original), context);

        Assert.Empty(context.Errors);
        Assert.Equal(original.Bool, copy.Bool);
        Assert.Equal(original.SByte, copy.SByte);
        Assert.Equal(original.Byte, copy.Byte);
        Assert.Equal(original.Short, copy.Short);
        Assert.Equal(original.UShort, copy.UShort);
        Assert.Equal(original.Int, copy.Int);
        Assert.Equal(original.UInt, copy.UInt);
        Assert.Equal(original.Long, copy.Long);
        Assert.Equal(original.ULong, copy.ULong);
        Assert.Equal(original.NInt, copy.NInt);
        Assert.Equal(original.NUInt, copy.NUInt);
        Assert.Equal(original.Float, copy.Float);
        Assert.Equal(original.Double, copy.Double);
        Assert.True(double.IsNaN(copy.NaN));
        Assert.Equal(float.NegativeInfinity, copy.Infinity);
        Assert.Equal(original.Decimal, copy.Decimal);
        Assert.Equal(original.Char, copy.Char);
        Assert.Equal(original.String, copy.String);
        Assert.Equal(original.Guid, copy.Guid);
        Assert.Equal(original.DateTime, copy.DateTime);
        Assert.Equal(original.DateTime.Kind, copy.DateTime.Kind);
        Assert.Equal(original.LocalDateTime, copy.LocalDateTime);
        Assert.Equal(original.LocalDateTime.Kind, copy.LocalDateTime.Kind);
        Assert.Equal(original.DateTimeOffset, copy.DateTimeOffset);
        Assert.Equal(original.DateTimeOffset.Offset, copy.DateTimeOffset.Offset);
        Assert.Equal(original.DateOnly, copy.DateOnly);
        Assert.Equal(original.TimeOnly, copy.TimeOnly);
        Assert.Equal(original.TimeSpan, copy.TimeSpan);
        Assert.Equal(original.Color, copy.Color);
        Assert.Equal(original.Size, copy.Size);
        Assert.Equal(original.NullableInt, copy.NullableInt);
        Assert.Null(copy.NullInt);
        Assert.Equal(original.NullableGuid, copy.NullableGuid);
        Assert.Equal(original.NullableColor, copy.NullableColor);
        Assert.Equal(original.NullableDate, copy.NullableDate);
        Assert.Null(copy.NullableString);
        Assert.Equal(original.Array, copy.Array);
        Assert.Equal(original.List, copy.List);
        Assert.Equal(original.HashSet, copy.HashSet);
        Assert.Equal(original.Dictionary.Keys, copy.Dictionary.Keys);
        Assert.Equal(original.Dictionary["x"], copy.Dictionary["x"]);
        Assert.Empty(copy.Dictionary["y"]);
        Assert.Equal(original.ReadOnlyList, copy.ReadOnlyList);
        Assert.Equal(original.Money, copy.Money);
        Assert.Equal(original.NullableMoney, copy.NullableMoney);
        Assert.Equal((original.Item.Sku, original.Item.Quantity, original.Item.Note), (copy.Item!.Sku, copy.Item.Quantity, copy.Item.Note));
        Assert.Equal(original.Points, copy.Points);

        // Writing the copy gives the same bytes: nothing was lost or reordered.
        Assert.Equal(Write(original), Write(copy));
    }

    [Fact]
    public void Reading_defaults_through_the_getters_does_not_change_the_written_bytes()
    {
        // The runtime detects changes by comparing bytes: a request that only reads must not look like a change.
        var untouched = Write(new CartSession());
        var read = new CartSession();
        _ = (read.Items, read.Name, read.Shipping, read.Saved, read.Coupons, read.Totals, read.Route);

        Assert.Equal(untouched, Write(read));
    }

    [Fact]
    public void Writes_the_wire_format_with_camel_case_keys_SessionKey_and_no_ignored_field()
    {
        var cart = new CartSession { Currency = "EUR", Count = 2, Color = Color.Green, NotStored = 99 };
        cart.Items.Add(new CartItem("a", 1));

        var json = Write(cart);

        Assert.Equal(
            """{"items":[{"sku":"a","quantity":1,"note":null,"labels":[]}],"currency":"EUR","count":2,"name":"","shipping":{"street":"","number":1,"lines":[],"codes":{}},"saved":[],"coupons":[],"totals":{},"route":[],"c":"Green"}""",
            json);
        Assert.Equal("cart", SectionName<CartSession>());
        Assert.Equal("EveryType", SectionName<EveryType>());
    }

    [Fact]
    public void Enums_are_written_by_name_and_read_by_name_or_number()
    {
        Assert.Contains("\"color\":\"Blue\"", Write(new EveryType { Color = Color.Blue }), StringComparison.Ordinal);
        Assert.Contains("\"color\":42", Write(new EveryType { Color = (Color)42 }), StringComparison.Ordinal);

        Assert.Equal(Color.Green, Read<CartSession>("""{"c":"Green"}""").Color);
        Assert.Equal(Color.Green, Read<CartSession>("""{"c":"gREEN"}""").Color);
        Assert.Equal(Color.Blue, Read<CartSession>("""{"c":2}""").Color);
        Assert.Equal((Color)42, Read<CartSession>("""{"c":42}""").Color);
        Assert.Equal(Size.Huge, Read<EveryType>("""{"size":1099511627776}""").Size);

        var context = new SessionReadContext("cart");
        var cart = Read<CartSession>("""{"c":"Purple","count":3}""", context);
        Assert.Equal(Color.Red, cart.Color);
        Assert.Equal(3, cart.Count);
        Assert.Equal("c", Assert.Single(context.Errors).Field);
    }

    [Fact]
    public void Unknown_fields_are_skipped()
    {
        var cart = Read<CartSession>("""
            {
              "old": {"deeply": [1, {"nested": true}], "x": null},
              "currency": "EUR",
              "removedList": [[1], [2, 3]],
              "count": 5,
              "gone": "text"
            }
            """);

        Assert.Equal("EUR", cart.Currency);
        Assert.Equal(5, cart.Count);
    }

    [Fact]
    public void Missing_fields_keep_their_defaults_and_collections_are_never_null()
    {
        var context = new SessionReadContext("cart");
        var cart = Read<CartSession>("{}", context);

        Assert.Empty(context.Errors);
        Assert.Null(cart.Currency);
        Assert.Equal(0, cart.Count);
        Assert.Equal("", cart.Name);
        Assert.Empty(cart.Items);
        Assert.Empty(cart.Saved);
        Assert.Empty(cart.Coupons);
        Assert.Empty(cart.Totals);
        Assert.Empty(cart.Route);
        Assert.Equal("", cart.Shipping.Street);

        // A mutable user class keeps its own initial values for fields missing from the stored JSON.
        var withAddress = Read<CartSession>("""{"shipping":{"street":"Main"}}""");
        Assert.Equal("Main", withAddress.Shipping.Street);
        Assert.Equal(1, withAddress.Shipping.Number);
    }

    [Fact]
    public void Json_null_gives_defaults()
    {
        var cart = Read<CartSession>("null");
        Assert.Empty(cart.Items);
        Assert.Equal(0, cart.Count);

        var nulls = Read<CartSession>("""{"items":null,"name":null,"shipping":null,"currency":null}""");
        Assert.Empty(nulls.Items);
        Assert.Equal("", nulls.Name);
        Assert.NotNull(nulls.Shipping);
        Assert.Null(nulls.Currency);
    }

    [Fact]
    public void Collections_are_never_null_even_after_setting_null()
    {
        var cart = CreateNew<CartSession>();
        Assert.NotNull(cart.Items);
        Assert.Same(cart.Items, cart.Items);

        cart.Items = null!;
        Assert.NotNull(cart.Items);
        Assert.Empty(cart.Items);
        cart.Name = null!;
        Assert.Equal("", cart.Name);
    }

    [Fact]
    public void In_place_mutation_is_visible_in_the_next_write()
    {
        var cart = Read<CartSession>("""{"items":[{"sku":"a","quantity":1}],"totals":{"a":1}}""");
        cart.Items.Add(new CartItem("b", 2));
        cart.Totals["b"] = 2;
        cart.Coupons.Add("WELCOME");
        cart.Shipping.Lines.Add("line 1");

        var again = Read<CartSession>(Write(cart));

        Assert.Equal(["a", "b"], again.Items.Select(i => i.Sku));
        Assert.Equal(2, again.Totals["b"]);
        Assert.Contains("WELCOME", again.Coupons);
        Assert.Equal(["line 1"], again.Shipping.Lines);
    }

    [Fact]
    public void A_retyped_field_is_dropped_alone_and_reported()
    {
        var context = new SessionReadContext("cart");
        var cart = Read<CartSession>("""
            {
              "items": [{"sku": "a", "quantity": 1}],
              "count": "three",
              "currency": "EUR",
              "coupons": {"not": "an array"},
              "totals": {"a": 1}
            }
            """, context);

        Assert.Single(cart.Items);
        Assert.Equal(0, cart.Count);
        Assert.Equal("EUR", cart.Currency);
        Assert.Empty(cart.Coupons);
        Assert.Equal(1, cart.Totals["a"]);
        Assert.Collection(
            context.Errors,
            e => Assert.Equal(("cart", "CartSession", "count"), (e.Section, e.TypeName, e.Field)),
            e => Assert.Equal(("cart", "CartSession", "coupons"), (e.Section, e.TypeName, e.Field)));
    }

    [Fact]
    public void A_retyped_field_inside_a_nested_type_is_dropped_alone()
    {
        var context = new SessionReadContext("cart");
        var cart = Read<CartSession>("""
            {"items":[{"sku":"a","quantity":"x","note":"n"},{"sku":"b","quantity":300000000000}],"count":1}
            """, context);

        Assert.Equal(1, cart.Count);
        Assert.Equal(2, cart.Items.Count);
        Assert.Equal(("a", 0, "n"), (cart.Items[0].Sku, cart.Items[0].Quantity, cart.Items[0].Note));
        Assert.Equal("b", cart.Items[1].Sku);
        Assert.All(context.Errors, e => Assert.Equal(("CartItem", "quantity"), (e.TypeName, e.Field)));
        Assert.Equal(2, context.Errors.Count);
    }

    [Fact]
    public void Out_of_range_numbers_and_bad_formats_are_dropped()
    {
        var context = new SessionReadContext("EveryType");
        var model = Read<EveryType>("""
            {"byte":256,"char":"ab","guid":"nope","dateOnly":"31/12/1999","timeSpan":"soon","int":7}
            """, context);

        Assert.Equal(7, model.Int);
        Assert.Equal(["byte", "char", "guid", "dateOnly", "timeSpan"], context.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Get_only_collections_are_filled_in_place_and_computed_properties_are_not_stored()
    {
        var cart = new CartSession();
        var item = new CartItem("a", 1);
        item.Labels.Add("gift");
        cart.Items.Add(item);
        cart.Shipping.Codes["zip"] = 12345;

        var json = Write(cart);
        var copy = Read<CartSession>(json);

        Assert.DoesNotContain("\"total\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"isEmpty\"", json, StringComparison.Ordinal);
        Assert.Equal(["gift"], copy.Items[0].Labels);
        Assert.Equal(12345, copy.Shipping.Codes["zip"]);
    }

    [Fact]
    public void A_non_nullable_record_without_default_fails_clearly_until_set_or_loaded()
    {
        var model = new OddKeys();
        var error = Assert.Throws<InvalidOperationException>(() => model.LastItem);
        Assert.Contains("LastItem has not been set", error.Message, StringComparison.Ordinal);

        var loaded = Read<OddKeys>("""{"lastItem":{"sku":"a","quantity":2}}""");
        Assert.Equal(2, loaded.LastItem.Quantity);
    }

    [Fact]
    public void Keys_with_escaped_and_non_ascii_characters_round_trip()
    {
        var json = Write(new OddKeys { Value = "x", ID = 1 });

        Assert.Equal("""{"\u00FCn\u00EF \u0022quoted\u0022 \\ key":"x","id":1,"maybeAddress":null,"lastItem":null}""", json);
        Assert.Equal("x", Read<OddKeys>(json).Value);
        Assert.Equal("y", Read<OddKeys>("{\"ünï \\\"quoted\\\" \\\\ key\":\"y\"}").Value);
        Assert.Equal(1, Read<OddKeys>(json).ID);
        Assert.Null(Read<OddKeys>(json).MaybeAddress);
    }

    [Fact]
    public void Models_get_BindAsync_for_minimal_apis()
    {
        var method = typeof(CartSession).GetMethod("BindAsync");
        Assert.NotNull(method);
        Assert.True(method.IsStatic && method.IsPublic);
        Assert.Equal(typeof(ValueTask<CartSession>), method.ReturnType);
    }

    [Fact]
    public void A_concurrency_policy_is_the_models_only_when_its_attribute_sets_one()
    {
        // LastWriteWins is the enum's zero: written explicitly, it is still the model's own policy, not the default.
        Assert.Equal(SessionConcurrency.LastWriteWins, Concurrency<ThemeChoice>());
        Assert.Null(Concurrency<CartSession>());
    }

    private static SessionConcurrency? Concurrency<T>() where T : class, ISessionModel<T> => T.Concurrency;

    private static string SectionName<T>() where T : class, ISessionModel<T> => T.SectionName;

    private static T CreateNew<T>() where T : class, ISessionModel<T> => T.CreateNew();

    private static string Write<T>(T value) where T : class, ISessionModel<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            T.Write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static T Read<T>(string json, SessionReadContext? context = null) where T : class, ISessionModel<T>
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        var value = T.Read(ref reader, context ?? new SessionReadContext("test"));
        Assert.False(reader.Read(), "The reader must stop on the model's last token.");
        return value;
    }
}
