using System.Text.Json;

namespace ScSession.Internal;

/// <summary>
/// A JSON writer over a pooled buffer, kept per thread between requests, for serializing models to compare them with
/// their baselines. Taken for one synchronous pass (no await while held); large buffers are not kept.
/// </summary>
internal sealed class ChangeWriter : IDisposable
{
    private const int MaxRetainedBytes = 16 * 1024;

    [ThreadStatic]
    private static ChangeWriter? t_cached;

    private ChangeWriter() => Writer = new Utf8JsonWriter(Buffer, TrackedModel.WriterOptions);

    public PooledBufferWriter Buffer { get; } = new(1024);

    public Utf8JsonWriter Writer { get; }

    /// <summary>This thread's writer, or a new one; give it back with <see cref="Return"/>.</summary>
    public static ChangeWriter Rent()
    {
        var writer = t_cached ?? new ChangeWriter();
        t_cached = null;
        return writer;
    }

    /// <summary>Keeps the writer for this thread's next use, unless its buffer grew large.</summary>
    public static void Return(ChangeWriter writer)
    {
        if (writer.Buffer.Capacity <= MaxRetainedBytes)
        {
            writer.Buffer.Clear();
            t_cached = writer;
        }
        else
        {
            writer.Dispose();
        }
    }

    /// <summary>Serializes <paramref name="model"/> into the buffer, replacing what it held.</summary>
    public ReadOnlySpan<byte> Serialize(TrackedModel model)
    {
        Buffer.Clear();
        Writer.Reset(Buffer);
        model.Write(Writer);
        Writer.Flush();
        return Buffer.WrittenSpan;
    }

    public void Dispose()
    {
        Writer.Dispose();
        Buffer.Dispose();
    }
}
