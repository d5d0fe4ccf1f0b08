using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ScSession.Generators.Tests.Infrastructure;

/// <summary>Runs a model's generated serializer: the JSON of one section, as the runtime writes and reads it.</summary>
internal static class ModelJson
{
    public static string Write<T>(T value) where T : class, ISessionModel<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            T.Write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static T Read<T>(string json, SessionReadContext? context = null) where T : class, ISessionModel<T>
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        var value = T.Read(ref reader, context ?? new SessionReadContext("test"));
        Assert.False(reader.Read(), "The reader must stop on the model's last token.");
        return value;
    }
}
