using System.Text;
using System.Text.Json;
using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary>The hand-written models of the reserved sections: stable bytes, and bad stored values dropped alone.</summary>
public class ReservedSectionTests
{
    private static string Write<T>(T model) where T : class, ISessionModel<T>
    {
        using var buffer = new PooledBufferWriter(64);
        using (var writer = new Utf8JsonWriter(buffer, TrackedModel.WriterOptions))
        {
            T.Write(writer, model);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static T Read<T>(string json, out SessionReadContext context) where T : class, ISessionModel<T>
    {
        context = new SessionReadContext(T.SectionName);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return T.Read(ref reader, context);
    }

    [Fact]
    public void Reserved_section_names_start_with_a_dollar()
    {
        Assert.Equal("$flash", FlashSection.SectionName);
        Assert.Equal("$session", KeyValueSection.SectionName);
        Assert.Equal("$tempdata", TempDataSection.SectionName);
    }

    [Fact]
    public void Empty_sections_write_an_empty_object()
    {
        Assert.Equal("{}", Write(FlashSection.CreateNew()));
        Assert.Equal("{}", Write(KeyValueSection.CreateNew()));
        Assert.Equal("{}", Write(TempDataSection.CreateNew()));
    }

    [Fact]
    public void Flash_round_trips_and_drops_only_the_bad_message()
    {
        var flash = FlashSection.CreateNew();
        flash.Messages.Add(new FlashMessage("success", "Saved \"é\""));
        var json = Write(flash);
        Assert.Equal(flash.Messages, Read<FlashSection>(json, out _).Messages);

        var read = Read<FlashSection>(
            """{"future":[1,{"x":2}],"messages":[{"c":"info","m":"a"},{"c":1,"m":"b"},"junk",{"c":"error"},{"c":"error","m":"c","extra":true}]}""",
            out var context);

        Assert.Equal([new FlashMessage("info", "a"), new FlashMessage("error", "c")], read.Messages);
        Assert.Equal(["messages[1]", "messages[2]", "messages[3]"], context.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Key_values_are_written_in_ordinal_key_order_whatever_the_insertion_order()
    {
        var first = KeyValueSection.CreateNew();
        first.Values["b"] = [2];
        first.Values["B"] = [3];
        first.Values["a"] = [1];
        var second = KeyValueSection.CreateNew();
        second.Values["a"] = [1];
        second.Values["b"] = [2];
        second.Values["B"] = [3];

        Assert.Equal("""{"B":"Aw==","a":"AQ==","b":"Ag=="}""", Write(first));
        Assert.Equal(Write(first), Write(second));
    }

    [Fact]
    public void Key_values_drop_only_the_value_that_is_not_base64()
    {
        var read = Read<KeyValueSection>("""{"good":"AQI=","bad":"not base64!","num":5,"Good":""}""", out var context);

        Assert.Equal(["Good", "good"], read.Values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new byte[] { 1, 2 }, read.Values["good"]);
        Assert.Empty(read.Values["Good"]);
        Assert.Equal(["bad", "num"], context.Errors.Select(e => e.Field));
    }

    [Fact]
    public void TempData_round_trips_and_drops_a_bad_value()
    {
        var tempData = TempDataSection.CreateNew();
        tempData.Data = [1, 2, 3];
        Assert.Equal([1, 2, 3], Read<TempDataSection>(Write(tempData), out _).Data);

        var read = Read<TempDataSection>("""{"data":"%%%","other":1}""", out var context);

        Assert.Null(read.Data);
        Assert.Equal("data", Assert.Single(context.Errors).Field);
    }

    [Fact]
    public void Owner_round_trips_with_its_description_and_skips_what_it_does_not_know()
    {
        var owner = OwnerSection.CreateNew();
        owner.OwnerId = "ada";
        owner.Description = "Firefox on Windows";
        Assert.Equal("""{"id":"ada","description":"Firefox on Windows"}""", Write(owner));
        Assert.Equal("{}", Write(OwnerSection.CreateNew()));

        // An older $owner (no description), a value of another type, an unknown field: read without an exception.
        Assert.Equal(("ada", (string?)null), Pair(Read<OwnerSection>("""{"id":"ada"}""", out _)));
        Assert.Equal(((string?)null, "laptop"), Pair(Read<OwnerSection>("""{"id":42,"future":{"a":[1]},"description":"laptop"}""", out _)));
        Assert.Equal(("ada", (string?)null), Pair(Read<OwnerSection>("""{"description":["x"],"id":"ada"}""", out _)));

        static (string?, string?) Pair(OwnerSection section) => (section.OwnerId, section.Description);
    }

    [Fact]
    public void Persistence_round_trips_and_reads_only_a_boolean()
    {
        var section = PersistenceSection.CreateNew();
        Assert.Equal("{}", Write(section));
        section.Persistent = true;
        Assert.Equal("""{"persistent":true}""", Write(section));
        section.Persistent = false;
        Assert.Equal("""{"persistent":false}""", Write(section));

        Assert.True(Read<PersistenceSection>("""{"future":[1],"persistent":true}""", out _).Persistent);
        Assert.Null(Read<PersistenceSection>("""{"persistent":"true"}""", out _).Persistent);
        Assert.Null(Read<PersistenceSection>("""[true]""", out _).Persistent);

        Assert.Null(PersistenceSection.ReadFlag(new Dictionary<string, ReadOnlyMemory<byte>>()));
        Assert.Null(PersistenceSection.ReadFlag(new Dictionary<string, ReadOnlyMemory<byte>> { ["$persist"] = "{not json"u8.ToArray() }));
        Assert.False(PersistenceSection.ReadFlag(new Dictionary<string, ReadOnlyMemory<byte>> { ["$persist"] = """{"persistent":false}"""u8.ToArray() }));
    }
}
