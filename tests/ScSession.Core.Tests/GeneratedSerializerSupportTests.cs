using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ScSession.Core.Tests;

/// <summary>What the generated serializers rely on: which failures drop one field, how it is skipped, how floats are stored.</summary>
public class GeneratedSerializerSupportTests
{
    public static TheoryData<Exception, bool> Failures => new()
    {
        { new JsonException(), true },
        { new InvalidOperationException(), true },
        { new FormatException(), true },
        { new OverflowException(), true },
        { new ArgumentException(), false },
        { new NullReferenceException(), false },
        { new OutOfMemoryException(), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Only_a_value_that_does_not_fit_drops_the_field(Exception exception, bool dropped)
        => Assert.Equal(dropped, GeneratedSerializerSupport.CanDropField(exception));

    [Fact]
    public void DropField_skips_the_whole_value_from_wherever_the_read_stopped_and_reports_the_key()
    {
        var reader = new Utf8JsonReader("""{"items":[1,[2,{"x":3}],4],"next":5}"""u8);
        reader.Read();
        reader.Read();
        var field = reader;

        // A read that failed deep inside the value.
        for (var i = 0; i < 5; i++)
        {
            reader.Read();
        }

        var context = new SessionReadContext("cart");
        GeneratedSerializerSupport.DropField(ref reader, field, context, "Cart", new FormatException("quoted value"));

        Assert.Equal(JsonTokenType.EndArray, reader.TokenType);
        reader.Read();
        Assert.True(reader.ValueTextEquals("next"u8));
        var error = Assert.Single(context.Errors);
        Assert.Equal(("cart", "Cart", "items"), (error.Section, error.TypeName, error.Field));
        Assert.DoesNotContain("quoted value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN, "\"NaN\"")]
    [InlineData(double.PositiveInfinity, "\"Infinity\"")]
    [InlineData(double.NegativeInfinity, "\"-Infinity\"")]
    [InlineData(-0.5, "-0.5")]
    public void Doubles_that_are_not_JSON_numbers_are_stored_as_strings(double value, string json)
    {
        Assert.Equal(json, Write(w => GeneratedSerializerSupport.WriteDouble(w, value)));
        Assert.Equal(json, Write(w => GeneratedSerializerSupport.WriteSingle(w, (float)value)));

        var reader = Reader(json);
        Assert.Equal(value, GeneratedSerializerSupport.ReadDouble(ref reader));
        reader = Reader(json);
        Assert.Equal((float)value, GeneratedSerializerSupport.ReadSingle(ref reader));
    }

    [Fact]
    public void A_char_is_a_string_of_exactly_one_character()
    {
        var reader = Reader("\"é\"");
        Assert.Equal('é', GeneratedSerializerSupport.ReadChar(ref reader));

        Assert.Throws<FormatException>(() =>
        {
            var twoChars = Reader("\"ab\"");
            return GeneratedSerializerSupport.ReadChar(ref twoChars);
        });
        Assert.Throws<JsonException>(() =>
        {
            var jsonNull = Reader("null");
            return GeneratedSerializerSupport.ReadString(ref jsonNull);
        });
    }

    private static Utf8JsonReader Reader(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return reader;
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
