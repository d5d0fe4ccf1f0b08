using System.Text.Json;

namespace ScSession.Internal;

/// <summary>
/// The reserved <c>$tempdata</c> section: <c>{"data":"&lt;base64&gt;"}</c> holding what MVC's <c>TempDataSerializer</c>
/// produced, or <c>{}</c> when TempData is empty. A value that is not valid base64 is dropped.
/// </summary>
internal sealed class TempDataSection : ISessionModel<TempDataSection>
{
    private static readonly JsonEncodedText s_data = JsonEncodedText.Encode("data");

    public byte[]? Data { get; set; }

    public static string SectionName => "$tempdata";

    public static TempDataSection CreateNew() => new();

    public static void Write(Utf8JsonWriter writer, TempDataSection value)
    {
        writer.WriteStartObject();
        if (value.Data is { } data)
        {
            writer.WriteBase64String(s_data, data);
        }

        writer.WriteEndObject();
    }

    public static TempDataSection Read(ref Utf8JsonReader reader, SessionReadContext context)
    {
        var result = new TempDataSection();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return result;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object for TempData.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                var start = reader;
                try
                {
                    result.Data = reader.TokenType == JsonTokenType.Null ? null : reader.GetBytesFromBase64();
                }
                catch (Exception ex) when (ex is InvalidOperationException or FormatException)
                {
                    reader = start;
                    reader.Skip();
                    context.ReportDroppedField("TempData", "data", ex);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return result;
    }
}
