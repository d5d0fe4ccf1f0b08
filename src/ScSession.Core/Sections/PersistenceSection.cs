using System.Text.Json;

namespace ScSession.Internal;

/// <summary>
/// The reserved <c>$persist</c> section: <c>{"persistent":true}</c> or <c>{"persistent":false}</c>, set by
/// <see cref="SessionLifecycleExtensions.SetSessionPersistent"/> ("remember me"), or <c>{}</c> / absent when nobody
/// marked the session. It travels with the session (inside the encrypted cookie, or in the server store), so the
/// client cannot change which windows apply to it.
/// </summary>
internal sealed class PersistenceSection : ISessionModel<PersistenceSection>
{
    private static readonly JsonEncodedText s_persistent = JsonEncodedText.Encode("persistent");

    /// <summary>True: remembered; false: a browser-session cookie; null: not marked (the default behaviour).</summary>
    public bool? Persistent { get; set; }

    public static string SectionName => "$persist";

    /// <summary>
    /// Last write wins, whatever <see cref="ScSessionOptions.DefaultConcurrency"/> says: one small value set at sign-in
    /// or by a checkbox, which must never make a synchronous caller wait for a lease, deadlock against a model held by
    /// the same request, or fail two simultaneous identical settings with a conflict.
    /// </summary>
    public static SessionConcurrency? Concurrency => SessionConcurrency.LastWriteWins;

    public static PersistenceSection CreateNew() => new();

    public static void Write(Utf8JsonWriter writer, PersistenceSection value)
    {
        writer.WriteStartObject();
        if (value.Persistent is { } persistent)
        {
            writer.WriteBoolean(s_persistent, persistent);
        }

        writer.WriteEndObject();
    }

    public static PersistenceSection Read(ref Utf8JsonReader reader, SessionReadContext context)
    {
        var result = new PersistenceSection();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return result;
        }

        // A boolean "persistent" is read; anything else (another type, an unknown name) is skipped.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isPersistent = reader.ValueTextEquals("persistent"u8);
            reader.Read();
            if (isPersistent && reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                result.Persistent = reader.GetBoolean();
            }
            else
            {
                reader.Skip();
            }
        }

        return result;
    }

    /// <summary>
    /// The flag stored in <paramref name="sections"/> (a session's raw sections), without handing out a model: read on
    /// every load check and expiry computation. A missing or unreadable section is "not marked".
    /// </summary>
    public static bool? ReadFlag(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections)
    {
        if (!sections.TryGetValue(SectionName, out var raw) || raw.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(raw.Span);
            return reader.Read() ? Read(ref reader, new SessionReadContext(SectionName)).Persistent : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
