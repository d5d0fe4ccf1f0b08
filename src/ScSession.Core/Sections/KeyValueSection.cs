using System.Text.Json;

namespace ScSession.Internal;

/// <summary>
/// The reserved <c>$session</c> section behind <c>HttpContext.Session</c>: one JSON property per key, its value the
/// base64 of the bytes (<c>{"cart":"WzFd"}</c>). Keys are case-sensitive, as with <c>AddSession()</c>. Keys are
/// written in ordinal order so that the same content always serializes to the same bytes (no needless writes).
/// A value that is not valid base64 is dropped alone.
/// </summary>
internal sealed class KeyValueSection : ISessionModel<KeyValueSection>
{
    public Dictionary<string, byte[]> Values { get; } = new(StringComparer.Ordinal);

    public static string SectionName => "$session";

    public static KeyValueSection CreateNew() => new();

    public static void Write(Utf8JsonWriter writer, KeyValueSection value)
    {
        writer.WriteStartObject();
        if (value.Values.Count > 0)
        {
            var keys = value.Values.Keys.ToArray();
            Array.Sort(keys, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                writer.WriteBase64String(key, value.Values[key]);
            }
        }

        writer.WriteEndObject();
    }

    public static KeyValueSection Read(ref Utf8JsonReader reader, SessionReadContext context)
    {
        var result = new KeyValueSection();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return result;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object for the session's key/value section.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            var start = reader;
            try
            {
                result.Values[key] = reader.GetBytesFromBase64();
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException)
            {
                reader = start;
                reader.Skip();
                context.ReportDroppedField("ISession", key, ex);
            }
        }

        return result;
    }
}
