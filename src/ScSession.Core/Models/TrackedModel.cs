using System.Text.Encodings.Web;
using System.Text.Json;

namespace ScSession.Internal;

/// <summary>A model instance handed out in this request, with the bytes it was loaded from (or last saved as).</summary>
internal abstract class TrackedModel
{
    /// <summary>Relaxed escaping is safe here: session JSON is encrypted or stored server-side, never embedded in HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    protected TrackedModel(string section, ReadOnlyMemory<byte> baseline)
    {
        Section = section;
        Baseline = baseline;
    }

    public string Section { get; }

    /// <summary>What the stored session holds for this model; a change is a difference from these bytes.</summary>
    public ReadOnlyMemory<byte> Baseline { get; set; }

    public abstract Type ModelType { get; }

    /// <summary>The model's own concurrency policy, or null for the default.</summary>
    public abstract SessionConcurrency? DeclaredConcurrency { get; }

    public abstract object Instance { get; }

    /// <summary>The serialized form of a model holding only defaults.</summary>
    public abstract ReadOnlyMemory<byte> DefaultBytes { get; }

    public abstract void Write(Utf8JsonWriter writer);
}

internal sealed class TrackedModel<T> : TrackedModel where T : class, ISessionModel<T>
{
    public TrackedModel(T model, ReadOnlyMemory<byte> baseline)
        : base(T.SectionName, baseline) => Model = model;

    public T Model { get; }

    public override Type ModelType => typeof(T);

    public override SessionConcurrency? DeclaredConcurrency => T.Concurrency;

    public override object Instance => Model;

    public override ReadOnlyMemory<byte> DefaultBytes => DefaultModelBytes<T>.Value;

    public override void Write(Utf8JsonWriter writer) => T.Write(writer, Model);
}

/// <summary>The serialized form of a model holding defaults, computed once per type: the baseline of a model the session has no data for.</summary>
internal static class DefaultModelBytes<T> where T : class, ISessionModel<T>
{
    public static readonly byte[] Value = Serialize();

    private static byte[] Serialize()
    {
        using var buffer = new PooledBufferWriter(256);
        using var writer = new Utf8JsonWriter(buffer, TrackedModel.WriterOptions);
        T.Write(writer, T.CreateNew());
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>
/// Warns once per model type and process when a model stores nothing: the generated serializer writes <c>{}</c> for a
/// model with no <c>public partial</c> property (the likeliest first mistake: properties declared without
/// <c>partial</c>), so its changes would vanish without a word. The generated code writes every field, so <c>{}</c>
/// for a model of defaults means no field at all. ScSession's own sections (<c>$…</c>) are exempt.
/// </summary>
internal static class StoredFieldsCheck<T> where T : class, ISessionModel<T>
{
    private static int s_checked;

    public static void WarnOnceIfNone(Microsoft.Extensions.Logging.ILogger logger)
    {
        if (s_checked != 0 || Interlocked.Exchange(ref s_checked, 1) != 0)
        {
            return;
        }

        if (!T.SectionName.StartsWith('$') && DefaultModelBytes<T>.Value.AsSpan().SequenceEqual("{}"u8))
        {
            Log.ModelStoresNothing(logger, typeof(T).FullName ?? typeof(T).Name);
        }
    }
}
