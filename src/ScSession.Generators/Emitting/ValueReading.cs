using System;

namespace ScSession.Generators.Emitting;

/// <summary>
/// Writes the code that reads the JSON value under <c>reader</c> into a target: one expression for scalars, enums and
/// user types, statements for collections. What JSON null becomes depends on where the value goes
/// (<see cref="NullValue"/>).
/// </summary>
internal sealed class ValueReading(SourceWriter writer, LocalNames locals)
{
    private const string JsonNull = "reader.TokenType == " + TypeNames.JsonTokenType + ".Null";

    /// <summary>Reads the value into <paramref name="target"/>.</summary>
    /// <param name="targetAcceptsNull">The target is a nullable field or local, so JSON null may be stored as null.</param>
    public void Assign(TypeSpec type, string target, bool targetAcceptsNull)
    {
        if (Expression(type, targetAcceptsNull) is { } expression)
        {
            writer.Line(target + " = " + expression + ";");
            return;
        }

        // A collection: its items, else JSON null (never refused: every collection has an empty value), else an error.
        var isDictionary = type.Kind == SessionTypeKind.Dictionary;
        writer.Open("if (reader.TokenType == " + TypeNames.JsonTokenType + (isDictionary ? ".StartObject)" : ".StartArray)"));
        Collection(type, target);
        writer.Close();
        writer.Open("else");
        writer.Line(target + " = " + JsonNull + " ? " + NullValue(type, targetAcceptsNull)! + " : throw new " + TypeNames.JsonException + "("
            + Templates.Literal(isDictionary ? "Expected a JSON object." : "Expected a JSON array.") + ");");
        writer.Close();
    }

    /// <summary>
    /// The read of a value that fits in one expression (everything but collections), or null. A JSON null becomes
    /// <see cref="NullValue"/>; for value types the called reader itself refuses it.
    /// </summary>
    public string? Expression(TypeSpec type, bool targetAcceptsNull)
    {
        switch (type.Kind)
        {
            case SessionTypeKind.String:
                return "reader.GetString()" + (type.IsNullableReference || targetAcceptsNull ? "" : " ?? \"\"");
            case SessionTypeKind.Enum:
                return type.HelperName + ".Read(ref reader)";
            case SessionTypeKind.Object:
                // The converter itself refuses JSON null (it expects an object), so only a null to store needs a check.
                var read = type.HelperName + ".Read(ref reader, context)";
                return !type.IsValueType && NullValue(type, targetAcceptsNull) is { } whenNull ? JsonNull + " ? " + whenNull + " : " + read : read;
            case SessionTypeKind.Nullable:
                return Expression(type.Element!, targetAcceptsNull: false) is { } underlying ? JsonNull + " ? null : " + underlying : null;
            case SessionTypeKind.Array or SessionTypeKind.List or SessionTypeKind.HashSet or SessionTypeKind.Dictionary:
                return null;
            default:
                return ScalarFormat.Of(type.Kind).Read;
        }
    }

    /// <summary>
    /// What a JSON null is read as: null where the target allows it, else the type's empty value (an empty
    /// collection, a new object), else nothing (JSON null is refused).
    /// </summary>
    private static string? NullValue(TypeSpec type, bool targetAcceptsNull)
        => type.IsNullableReference || targetAcceptsNull ? "null" : EmptyValues.Of(type);

    private void Collection(TypeSpec type, string target)
    {
        var element = type.Element!;
        if (type.Kind == SessionTypeKind.Dictionary)
        {
            var entries = locals.Next("__entries");
            var key = locals.Next("__key");
            writer.Line("var " + entries + " = new " + type.ConstructName + "();");
            writer.Open("while (reader.Read() && reader.TokenType != " + TypeNames.JsonTokenType + ".EndObject)");
            writer.Line("var " + key + " = reader.GetString()!;");
            writer.Line("reader.Read();");
            Element(element, value => writer.Line(entries + "[" + key + "] = " + value + ";"));
            writer.Close();
            writer.Line(target + " = " + entries + ";");
            return;
        }

        var items = locals.Next("__items");
        writer.Line("var " + items + " = new " + (type.ConstructName ?? TypeNames.List + "<" + element.DeclaredName + ">") + "();");
        writer.Open("while (reader.Read() && reader.TokenType != " + TypeNames.JsonTokenType + ".EndArray)");
        Element(element, value => writer.Line(items + ".Add(" + value + ");"));
        writer.Close();
        writer.Line(target + " = " + items + (type.Kind == SessionTypeKind.Array ? ".ToArray()" : "") + ";");
    }

    /// <summary>Reads one element and stores it with <paramref name="store"/>: directly, or through a local when it takes statements.</summary>
    private void Element(TypeSpec element, Action<string> store)
    {
        if (Expression(element, targetAcceptsNull: false) is { } expression)
        {
            store(expression);
            return;
        }

        var item = locals.Next("__item");
        writer.Line(element.DeclaredName + " " + item + ";");
        Assign(element, item, targetAcceptsNull: false);
        store(item);
    }
}
