using System.Text.Json;

namespace ScSession.Internal;

/// <summary>
/// The reserved <c>$flash</c> section: <c>{"messages":[{"c":"success","m":"Saved"}]}</c>, or <c>{}</c> when there
/// are none. Short keys because a cookie session pays for every byte. A message that cannot be read is dropped alone.
/// </summary>
internal sealed class FlashSection : ISessionModel<FlashSection>
{
    private static readonly JsonEncodedText s_messages = JsonEncodedText.Encode("messages");
    private static readonly JsonEncodedText s_category = JsonEncodedText.Encode("c");
    private static readonly JsonEncodedText s_message = JsonEncodedText.Encode("m");

    public List<FlashMessage> Messages { get; } = [];

    public static string SectionName => "$flash";

    public static FlashSection CreateNew() => new();

    public static void Write(Utf8JsonWriter writer, FlashSection value)
    {
        writer.WriteStartObject();
        if (value.Messages.Count > 0)
        {
            writer.WriteStartArray(s_messages);
            foreach (var message in value.Messages)
            {
                writer.WriteStartObject();
                writer.WriteString(s_category, message.Category);
                writer.WriteString(s_message, message.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public static FlashSection Read(ref Utf8JsonReader reader, SessionReadContext context)
    {
        var result = new FlashSection();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return result;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object for the flash messages.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("messages"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    context.ReportDroppedField(nameof(FlashMessage), "messages", new JsonException("Expected a JSON array."));
                    continue;
                }

                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = reader;
                    try
                    {
                        result.Messages.Add(ReadMessage(ref reader));
                    }
                    catch (Exception ex) when (ex is JsonException or InvalidOperationException)
                    {
                        reader = start;
                        reader.Skip();
                        context.ReportDroppedField(nameof(FlashMessage), $"messages[{index}]", ex);
                    }

                    index++;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return result;
    }

    private static FlashMessage ReadMessage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object for a flash message.");
        }

        string? category = null;
        string? message = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("c"u8))
            {
                reader.Read();
                category = reader.GetString();
            }
            else if (reader.ValueTextEquals("m"u8))
            {
                reader.Read();
                message = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        if (category is null || message is null)
        {
            throw new JsonException("A flash message needs a category and a text.");
        }

        return new FlashMessage(category, message);
    }
}
