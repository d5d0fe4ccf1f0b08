using System.Collections.Generic;

namespace ScSession.Generators.Emitting;

/// <summary>One stored field as the reader sees it: its wire key, its type and where the value read goes.</summary>
/// <param name="TargetAcceptsNull">The target is nullable, so JSON null may be stored as null.</param>
internal readonly record struct FieldTarget(string Key, TypeSpec Type, string Target, bool TargetAcceptsNull);

/// <summary>
/// Writes the loop that reads a JSON object's properties, shared by models and user types. One try/catch around the
/// whole dispatch: a value that no longer fits its field is skipped and reported by
/// <c>GeneratedSerializerSupport.DropField</c>, the other fields are kept, and unknown keys are skipped.
/// </summary>
internal static class FieldLoop
{
    public static void Write(SourceWriter writer, ValueReading reading, string displayName, IReadOnlyList<FieldTarget> fields)
    {
        writer.Open("while (reader.Read() && reader.TokenType != " + TypeNames.JsonTokenType + ".EndObject)");
        if (fields.Count == 0)
        {
            writer.Line("reader.Skip();");
            writer.Close();
            return;
        }

        // A copy of the reader on the property name: where a value that cannot be read is skipped from.
        writer.Line("var field = reader;");
        writer.Line("reader.Read();");
        writer.Open("try");
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            writer.Open((i == 0 ? "" : "else ") + "if (field.ValueTextEquals(" + Templates.Literal(field.Key) + "u8))");
            reading.Assign(field.Type, field.Target, field.TargetAcceptsNull);
            writer.Close();
        }

        writer.Open("else");
        writer.Line("reader.Skip();");
        writer.Close();
        writer.Close();
        writer.Lines(Templates.DropFieldCatch(displayName));
        writer.Close();
    }
}
