using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace ScSession;

/// <summary>
/// Called by the serializers the ScSession source generator writes into session models: dropping one field whose
/// stored value no longer fits, and the value formats that <see cref="Utf8JsonWriter"/> and
/// <see cref="Utf8JsonReader"/> have no single call for. Not meant to be called by hand.
/// </summary>
/// <remarks>
/// It lives here rather than in every generated file so that a model's generated code holds only what is particular to
/// that model, and so that the rules (which failures drop a field, how NaN is stored) are written once.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedSerializerSupport
{
    /// <summary>
    /// Whether <paramref name="exception"/>, thrown while reading one field's value, means that the stored value no
    /// longer fits the field's type (the field was retyped, a number is out of range, a string has the wrong format):
    /// then that field alone is dropped with <see cref="DropField"/> and the rest of the object is kept.
    /// </summary>
    /// <param name="exception">What reading the value threw.</param>
    /// <returns>True for <see cref="JsonException"/>, <see cref="InvalidOperationException"/>, <see cref="FormatException"/> and <see cref="OverflowException"/>.</returns>
    public static bool CanDropField(Exception exception)
        => exception is JsonException or InvalidOperationException or FormatException or OverflowException;

    /// <summary>
    /// Skips the value of a field that could not be read and reports the field to <paramref name="context"/> as dropped.
    /// </summary>
    /// <param name="reader">The reader, anywhere inside the field's value; on return it is on the value's last token.</param>
    /// <param name="field">A copy of the reader taken on the field's property name, before its value was read.</param>
    /// <param name="context">Receives the dropped field.</param>
    /// <param name="typeName">The model or nested type that declares the field.</param>
    /// <param name="exception">Why the value could not be read (a failure <see cref="CanDropField"/> accepts).</param>
    /// <exception cref="JsonException">The JSON itself is malformed: it cannot be skipped either, so the whole section fails.</exception>
    public static void DropField(ref Utf8JsonReader reader, Utf8JsonReader field, SessionReadContext context, string typeName, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Back to the property name: Skip() then skips the whole value however far the failed read had gone into it.
        reader = field;
        reader.Skip();
        context.ReportDroppedField(typeName, field.GetString()!, exception);
    }

    /// <summary>Reads a JSON string that must not be null.</summary>
    /// <param name="reader">A reader on a string token.</param>
    /// <returns>The string.</returns>
    /// <exception cref="JsonException">The token is JSON null.</exception>
    public static string ReadString(ref Utf8JsonReader reader)
        => reader.GetString() ?? throw new JsonException("Expected a JSON string.");

    /// <summary>Reads a <see cref="char"/>, stored as a string of exactly one character.</summary>
    /// <param name="reader">A reader on a string token.</param>
    /// <returns>The character.</returns>
    /// <exception cref="FormatException">The string does not have exactly one character.</exception>
    public static char ReadChar(ref Utf8JsonReader reader)
    {
        var text = ReadString(ref reader);
        return text.Length == 1 ? text[0] : throw new FormatException("Expected a string of exactly one character.");
    }

    /// <summary>Writes a <see cref="double"/>: a JSON number, or for NaN and infinities (not JSON numbers) a string.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Reads a <see cref="double"/> written by <see cref="WriteDouble"/>: a number, or "NaN", "Infinity", "-Infinity".</summary>
    /// <param name="reader">A reader on a number or string token.</param>
    /// <returns>The value.</returns>
    public static double ReadDouble(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.String
            ? double.Parse(ReadString(ref reader), NumberStyles.Float, CultureInfo.InvariantCulture)
            : reader.GetDouble();

    /// <summary>Writes a <see cref="float"/>: a JSON number, or for NaN and infinities (not JSON numbers) a string.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteSingle(Utf8JsonWriter writer, float value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteDouble(writer, value); // NaN and the infinities are spelled the same as a double's
        }
    }

    /// <summary>Reads a <see cref="float"/> written by <see cref="WriteSingle"/>: a number, or "NaN", "Infinity", "-Infinity".</summary>
    /// <param name="reader">A reader on a number or string token.</param>
    /// <returns>The value.</returns>
    public static float ReadSingle(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.String
            ? float.Parse(ReadString(ref reader), NumberStyles.Float, CultureInfo.InvariantCulture)
            : reader.GetSingle();
}
