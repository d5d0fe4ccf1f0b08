using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using ScSession.Internal;

namespace ScSession.Tool;

/// <summary>
/// Reads the JSON <c>decode</c> prints back into a session envelope for <c>encode</c>: <c>sections</c> (each value
/// stored as compact JSON, written as the library writes models), <c>undecodableSections</c> (base64),
/// <c>createdAt</c> / <c>lastSeenAt</c> (default: now), and an optional <c>sessionId</c> (base64url of 32 bytes;
/// default: a new random one). The fields that describe a cookie rather than the session are ignored.
/// </summary>
internal static class SessionJsonReader
{
    // Printed by decode, describing the cookie or derived from the secret ID: nothing to encode from them.
    private static readonly HashSet<string> s_descriptive = new(StringComparer.Ordinal) { "format", "envelopeVersion", "keyId", "openedWith", "publicId" };

    public static SessionEnvelope Read(string json, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw ToolError.CannotProcess("the input is not valid JSON: " + ex.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ToolError.CannotProcess("the input must be a JSON object shaped like decode's output ({\"sections\": {…}})");
            }

            var envelope = new SessionEnvelope(SessionEnvelope.NewSessionId(), now, now);
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "sessionId":
                        envelope.SessionId = ReadSessionId(property.Value);
                        break;
                    case "createdAt":
                        envelope.CreatedAt = ReadTimestamp(property);
                        break;
                    case "lastSeenAt":
                        envelope.LastSeenAt = ReadTimestamp(property);
                        break;
                    case "sections":
                        ReadSections(property.Value, envelope);
                        break;
                    case "undecodableSections":
                        ReadUndecodableSections(property.Value, envelope);
                        break;
                    case var name when s_descriptive.Contains(name):
                        break;
                    default:
                        throw ToolError.CannotProcess($"unknown property '{property.Name}' (known: sessionId, createdAt, lastSeenAt, sections, undecodableSections)");
                }
            }

            return envelope;
        }
    }

    private static byte[] ReadSessionId(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text
            && Base64Url.IsValid(text, out var length) && length == SessionEnvelope.SessionIdLength)
        {
            return Base64Url.DecodeFromChars(text);
        }

        throw ToolError.CannotProcess($"sessionId must be base64url of {SessionEnvelope.SessionIdLength} bytes");
    }

    private static DateTimeOffset ReadTimestamp(JsonProperty property)
    {
        if (property.Value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(property.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            && value.ToUnixTimeMilliseconds() >= 0)
        {
            return value;
        }

        throw ToolError.CannotProcess($"{property.Name} must be an ISO 8601 date and time after 1970 (like 2026-01-31T09:00:00.000Z)");
    }

    private static void ReadSections(JsonElement sections, SessionEnvelope envelope)
    {
        if (sections.ValueKind != JsonValueKind.Object)
        {
            throw ToolError.CannotProcess("sections must be a JSON object: one property per section");
        }

        foreach (var section in sections.EnumerateObject())
        {
            // The library's writer options, so a section encodes to the bytes the app itself would write.
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, TrackedModel.WriterOptions))
            {
                section.Value.WriteTo(writer);
            }

            Add(envelope, section.Name, buffer.ToArray());
        }
    }

    private static void ReadUndecodableSections(JsonElement sections, SessionEnvelope envelope)
    {
        if (sections.ValueKind != JsonValueKind.Object)
        {
            throw ToolError.CannotProcess("undecodableSections must be a JSON object: one {\"base64\": …} per section");
        }

        foreach (var section in sections.EnumerateObject())
        {
            if (section.Value.ValueKind != JsonValueKind.Object || !section.Value.TryGetProperty("base64", out var base64)
                || base64.ValueKind != JsonValueKind.String || !base64.TryGetBytesFromBase64(out var data))
            {
                throw ToolError.CannotProcess($"undecodableSections.{section.Name} must be {{\"base64\": \"…\"}}");
            }

            Add(envelope, section.Name, data);
        }
    }

    private static void Add(SessionEnvelope envelope, string name, byte[] data)
    {
        // The envelope's limits (SessionEnvelope.TryParse): a name the app could not read back is refused here.
        if (System.Text.Encoding.UTF8.GetByteCount(name) > 256)
        {
            throw ToolError.CannotProcess($"section name '{name}' is longer than 256 bytes of UTF-8");
        }

        if (!envelope.Sections.TryAdd(name, data))
        {
            throw ToolError.CannotProcess($"section '{name}' is given twice");
        }
    }
}
