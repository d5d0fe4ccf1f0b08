using System.Text.Json;

namespace ScSession.Internal;

/// <summary>The reserved <c>$owner</c> section: <c>{"id":"…"}</c>, the user the session belongs to, or <c>{}</c>.</summary>
internal sealed class OwnerSection : ISessionModel<OwnerSection>
{
    private static readonly JsonEncodedText s_id = JsonEncodedText.Encode("id");

    public string? OwnerId { get; set; }

    public static string SectionName => "$owner";

    public static OwnerSection CreateNew() => new();

    public static void Write(Utf8JsonWriter writer, OwnerSection value)
    {
        writer.WriteStartObject();
        if (value.OwnerId is { } id)
        {
            writer.WriteString(s_id, id);
        }

        writer.WriteEndObject();
    }

    public static OwnerSection Read(ref Utf8JsonReader reader, SessionReadContext context)
    {
        var result = new OwnerSection();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return result;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("id"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                result.OwnerId = reader.GetString();
            }
            else
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    reader.Read();
                }

                reader.Skip();
            }
        }

        return result;
    }
}
