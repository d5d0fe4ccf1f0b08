using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ScSession.Tool;

/// <summary>
/// Writes a decoded cookie as the JSON <c>decode</c> prints and <c>encode</c> reads back: cookie format, envelope
/// version, key ID, public session ID (never the secret one), timestamps, and each section as the JSON it holds. A
/// section that is not valid UTF-8 JSON goes to <c>undecodableSections</c> as base64 with a note, so nothing is lost
/// and nothing is shown as something it is not.
/// </summary>
internal static class SessionJsonWriter
{
    /// <summary>ISO 8601 in UTC with the envelope's precision (milliseconds).</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    // Relaxed escaping: the output is read by people and tools, not embedded in HTML.
    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(DecodedCookie cookie)
    {
        var envelope = cookie.Envelope;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", cookie.Format);
            writer.WriteNumber("envelopeVersion", Internal.SessionEnvelope.FormatVersion);
            writer.WriteString("keyId", CookieDecoder.Hex(cookie.KeyId));
            writer.WriteString("openedWith", cookie.OpenedWith);
            writer.WriteString("publicId", envelope.PublicId);
            writer.WriteString("createdAt", Timestamp(envelope.CreatedAt));
            writer.WriteString("lastSeenAt", Timestamp(envelope.LastSeenAt));

            var undecodable = new List<(string Name, ReadOnlyMemory<byte> Data, string Note)>();
            writer.WriteStartObject("sections");
            foreach (var (name, data) in envelope.Sections)
            {
                if (TryParse(data, out var document, out var note))
                {
                    using (document)
                    {
                        writer.WritePropertyName(name);
                        document.RootElement.WriteTo(writer);
                    }
                }
                else
                {
                    undecodable.Add((name, data, note));
                }
            }

            writer.WriteEndObject();
            if (undecodable.Count > 0)
            {
                writer.WriteStartObject("undecodableSections");
                foreach (var (name, data, note) in undecodable)
                {
                    writer.WriteStartObject(name);
                    writer.WriteString("base64", Convert.ToBase64String(data.Span));
                    writer.WriteString("note", note);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static bool TryParse(ReadOnlyMemory<byte> data, [NotNullWhen(true)] out JsonDocument? document, out string note)
    {
        try
        {
            // JsonDocument validates UTF-8 as well as the grammar; a section is one value, nothing after it.
            document = JsonDocument.Parse(data);
            note = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            document = null;
            note = "not valid UTF-8 JSON (" + ex.Message + "); shown as base64";
            return false;
        }
    }
}
