using System.Text.Json;

namespace ScSession.Internal;

/// <summary>
/// The reserved <c>$owner</c> section: <c>{"id":"…","description":"…"}</c>, the user the session belongs to and what
/// they recognize it by, or <c>{}</c>.
/// </summary>
internal sealed class OwnerSection : ISessionModel<OwnerSection>
{
    private static readonly JsonEncodedText s_id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText s_description = JsonEncodedText.Encode("description");

    public string? OwnerId { get; set; }

    public string? Description { get; set; }

    public static string SectionName => "$owner";

    /// <summary>
    /// Last write wins, whatever <see cref="ScSessionOptions.DefaultConcurrency"/> says: one small value set at sign-in
    /// or by a checkbox, which must never make a synchronous caller wait for a lease, deadlock against a model held by
    /// the same request, or fail two simultaneous identical settings with a conflict.
    /// </summary>
    public static SessionConcurrency? Concurrency => SessionConcurrency.LastWriteWins;

    public static OwnerSection CreateNew() => new();

    public static void Write(Utf8JsonWriter writer, OwnerSection value)
    {
        writer.WriteStartObject();
        if (value.OwnerId is { } id)
        {
            writer.WriteString(s_id, id);
        }

        if (value.Description is { } description)
        {
            writer.WriteString(s_description, description);
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

        // Known names with a string value are read; anything else (another type, an unknown name) is skipped.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            var isDescription = !isId && reader.ValueTextEquals("description"u8);
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
            }
            else if (isId)
            {
                result.OwnerId = reader.GetString();
            }
            else if (isDescription)
            {
                result.Description = reader.GetString();
            }
        }

        return result;
    }
}
