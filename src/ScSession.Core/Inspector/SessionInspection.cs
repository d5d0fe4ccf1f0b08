using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ScSession.Internal;

/// <summary>One section of the inspected session: its size, its share of the budget, and its content as formatted JSON.</summary>
internal sealed record InspectedSection(string Name, int Bytes, int BudgetShare, string? Json, string? Base64);

/// <summary>
/// What the inspector shows of the current request's session: where it lives, its times, its sections and how much of
/// the budget they take. Never the cookie's value, the secret session ID or a key.
/// </summary>
internal sealed class SessionInspection
{
    private static readonly JsonWriterOptions s_indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public required string Store { get; init; }

    public required bool InCookie { get; init; }

    public string? PublicId { get; init; }

    public required DateTimeOffset Now { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? LastSeenAt { get; init; }

    public DateTimeOffset? IdleExpiresAt { get; init; }

    public DateTimeOffset? AbsoluteExpiresAt { get; init; }

    /// <summary>How many cookies carried the session on this request (its chunks, or the one cookie; 0 without one).</summary>
    public required int Cookies { get; init; }

    /// <summary>The session's size in <see cref="SizeUnit"/>: the cookie's characters, or what a server store holds.</summary>
    public required int Size { get; init; }

    /// <summary>The most the session may take: the cookie budget, or <see cref="ScSessionOptions.MaxSessionSize"/>.</summary>
    public required int Budget { get; init; }

    public string SizeUnit => InCookie ? "cookie characters" : "bytes";

    public required IReadOnlyList<InspectedSection> Sections { get; init; }

    public static SessionInspection Of(HttpContext context, ScSessionRuntime runtime, SessionState state)
    {
        var (envelope, chunks) = state.Inspect();
        var now = runtime.Time.GetUtcNow();
        var inCookie = runtime.Backend.DataInCookie;
        var sections = envelope?.Sections ?? [];
        var cookieSent = context.Request.Cookies.ContainsKey(runtime.CookieName);
        var windows = envelope is null ? default : runtime.Windows(envelope); // the session's own (remembered or not)
        return new SessionInspection
        {
            Store = runtime.StoreName ?? "cookie",
            InCookie = inCookie,
            PublicId = envelope?.PublicId,
            Now = now,
            CreatedAt = envelope?.CreatedAt,
            LastSeenAt = envelope?.LastSeenAt,
            IdleExpiresAt = envelope?.LastSeenAt + windows.Idle,
            AbsoluteExpiresAt = envelope?.CreatedAt + windows.Absolute,
            Cookies = chunks.IsEmpty ? (cookieSent ? 1 : 0) : chunks.Count,
            Size = envelope is null ? 0 : inCookie ? runtime.Codec.Encode(envelope).Length : SessionSizeLimit.StoredSize(sections, new Dictionary<string, ReadOnlyMemory<byte>>()),
            Budget = inCookie ? CookieBudget(context, runtime, envelope, now) : runtime.Options.MaxSessionSize,
            Sections = [.. sections.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => Section(s.Key, s.Value, inCookie))],
        };
    }

    /// <summary>The characters the session's cookies may hold, with the attributes this session's cookie would get.</summary>
    private static int CookieBudget(HttpContext context, ScSessionRuntime runtime, SessionEnvelope? envelope, DateTimeOffset now)
    {
        var options = runtime.Options.Cookie.Build(context, now);
        if (envelope is not null && runtime.Windows(envelope).PersistentCookie)
        {
            options.Expires = runtime.ExpiresAt(envelope);
            options.MaxAge = options.Expires - now;
        }

        return runtime.Cookies.GetCapacity(runtime.CookieName, options).Total;
    }

    private static InspectedSection Section(string name, ReadOnlyMemory<byte> data, bool inCookie)
    {
        // In a cookie a section's bytes are encrypted and base64url-encoded: 4 characters per 3 bytes.
        var share = inCookie ? (data.Length + 2) / 3 * 4 : Encoding.UTF8.GetByteCount(name) + data.Length;
        try
        {
            using var document = JsonDocument.Parse(data);
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, s_indented))
            {
                document.WriteTo(writer);
            }

            return new InspectedSection(name, data.Length, share, Encoding.UTF8.GetString(buffer.WrittenSpan), null);
        }
        catch (JsonException)
        {
            return new InspectedSection(name, data.Length, share, null, Convert.ToBase64String(data.Span));
        }
    }

    /// <summary>Writes the inspection as JSON: sections as the JSON they hold (base64 in a string when they are not JSON).</summary>
    public async Task WriteJsonAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        using (var writer = new Utf8JsonWriter(output, s_indented))
        {
            writer.WriteStartObject();
            writer.WriteString("store", Store);
            writer.WriteString("publicId", PublicId);
            writer.WriteString("now", Now);
            WriteTime(writer, "createdAt", CreatedAt);
            WriteTime(writer, "lastSeenAt", LastSeenAt);
            WriteTime(writer, "idleExpiresAt", IdleExpiresAt);
            WriteTime(writer, "absoluteExpiresAt", AbsoluteExpiresAt);
            writer.WriteNumber("cookies", Cookies);
            writer.WriteNumber("size", Size);
            writer.WriteNumber("budget", Budget);
            writer.WriteString("sizeUnit", SizeUnit);
            writer.WriteStartObject("sections");
            foreach (var section in Sections)
            {
                writer.WriteStartObject(section.Name);
                writer.WriteNumber("bytes", section.Bytes);
                writer.WriteNumber("budgetShare", section.BudgetShare);
                writer.WritePropertyName("value");
                if (section.Json is not null)
                {
                    writer.WriteRawValue(section.Json, skipInputValidation: true);
                }
                else
                {
                    writer.WriteStringValue(section.Base64);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
