using System.Linq;

namespace ScSession.Generators.Emitting;

/// <summary>
/// Writes the converter of an enum the model uses (<c>__Scs_{Enum}</c>): written by member name, undefined values as
/// numbers; read from a name (exact first, then ignoring case) or a number. One line per member, like a table.
/// </summary>
internal static class EnumConverterEmitter
{
    public static void Write(SourceWriter writer, EnumSpec spec)
    {
        var unsigned = spec.UnderlyingKind is SessionTypeKind.Byte or SessionTypeKind.UInt16 or SessionTypeKind.UInt32 or SessionTypeKind.UInt64;
        writer.Line("/// <summary>Writes <c>" + Templates.XmlText(spec.DisplayName) + "</c> by member name (undefined values as numbers) and reads a name or a number.</summary>");
        writer.Line(Templates.GeneratedCode);
        writer.Open("private static class " + spec.HelperName);

        writer.Open("internal static void Write(" + TypeNames.Utf8JsonWriter + " writer, " + spec.Name + " value)");
        writer.Open("switch (value)");
        foreach (var member in spec.Members.Where(m => m.IsFirstForValue))
        {
            writer.Line("case " + spec.Name + "." + member.Identifier + ": writer.WriteStringValue(" + Templates.Literal(member.JsonName) + "u8); break;");
        }

        writer.Line("default: writer.WriteNumberValue((" + (unsigned ? "ulong" : "long") + ")value); break;");
        writer.Close();
        writer.Close();

        writer.Open("internal static " + spec.Name + " Read(ref " + TypeNames.Utf8JsonReader + " reader)");
        writer.Open("if (reader.TokenType == " + TypeNames.JsonTokenType + ".Number)");
        writer.Line("return (" + spec.Name + ")" + ScalarFormat.Of(spec.UnderlyingKind).Read + ";");
        writer.Close();
        writer.Open("if (reader.TokenType != " + TypeNames.JsonTokenType + ".String)");
        writer.Line("throw new " + TypeNames.JsonException + "(" + Templates.Literal("Expected a JSON string or number for " + spec.DisplayName + ".") + ");");
        writer.Close();

        // The exact spelling first (no allocation; tells apart members that differ only in case), then any casing.
        foreach (var member in spec.Members)
        {
            writer.Line("if (reader.ValueTextEquals(" + Templates.Literal(member.JsonName) + "u8)) return " + spec.Name + "." + member.Identifier + ";");
        }

        writer.Line();
        writer.Line("var name = reader.GetString();");
        foreach (var member in spec.Members)
        {
            writer.Line("if (string.Equals(name, " + Templates.Literal(member.JsonName) + ", " + TypeNames.StringComparison + ".OrdinalIgnoreCase)) return "
                + spec.Name + "." + member.Identifier + ";");
        }

        writer.Line();
        writer.Line("throw new " + TypeNames.FormatException + "(\"'\" + name + " + Templates.Literal("' is not a member of " + spec.DisplayName + ".") + ");");
        writer.Close();
        writer.Close();
    }
}
