using System.Collections.Generic;
using System.Linq;

namespace ScSession.Generators.Emitting;

/// <summary>
/// Writes the converter of a user class, record or struct the model uses (<c>__Scs_{Type}</c>): a JSON object with one
/// property per member. A mutable class is created first and its members assigned; anything else is read into locals
/// and then constructed, with get-only collections filled in place afterwards.
/// </summary>
internal sealed class ObjectConverterEmitter(SourceWriter writer)
{
    private readonly LocalNames _locals = new();

    /// <param name="isValueType">A struct: never null, so its writer takes the value itself.</param>
    public void Write(ObjectSpec spec, bool isValueType)
    {
        writer.Line("/// <summary>Reads and writes <c>" + Templates.XmlText(spec.DisplayName) + "</c> as a JSON object.</summary>");
        writer.Line(Templates.GeneratedCode);
        writer.Open("private static class " + spec.HelperName);
        foreach (var member in spec.Members)
        {
            writer.Line(Templates.KeyField(member.LocalSuffix, member.JsonKey));
        }

        if (spec.Members.Count > 0)
        {
            writer.Line();
        }

        WriteMethod(spec, isValueType);
        writer.Line();
        ReadMethod(spec);
        writer.Close();
    }

    private void WriteMethod(ObjectSpec spec, bool isValueType)
    {
        _locals.Reset();
        writer.Open("internal static void Write(" + TypeNames.Utf8JsonWriter + " writer, " + spec.Name + (isValueType ? "" : "?") + " value)");
        if (!isValueType)
        {
            // Null is handled here once rather than at every property and element of this type.
            writer.Open("if (value is null)");
            writer.Line("writer.WriteNullValue();");
            writer.Line("return;");
            writer.Close();
        }

        writer.Line("writer.WriteStartObject();");
        var values = new ValueWriting(writer, _locals);
        foreach (var member in spec.Members)
        {
            values.Property(Templates.KeyFieldPrefix + member.LocalSuffix, member.Type, "value." + member.Name);
        }

        writer.Line("writer.WriteEndObject();");
        writer.Close();
    }

    private void ReadMethod(ObjectSpec spec)
    {
        _locals.Reset();
        writer.Open("internal static " + spec.Name + " Read(ref " + TypeNames.Utf8JsonReader + " reader, " + TypeNames.SessionReadContext + " context)");
        writer.Lines(Templates.ExpectObject(spec.DisplayName));

        var assigned = spec.Members.Where(m => !m.Populate).ToList();
        var populated = spec.Members.Where(m => m.Populate).ToList();
        if (spec.UseSetters)
        {
            writer.Line("var result = new " + spec.Name + "();");
        }
        else
        {
            foreach (var member in assigned)
            {
                writer.Line(member.Type.DeclaredName + " " + Local(member) + " = " + EmptyValues.Default(member.Type) + ";");
            }
        }

        foreach (var member in populated)
        {
            writer.Line(member.Type.NullableName + " " + Local(member) + " = null;");
        }

        var fields = spec.Members.Select(m => m.Populate
            ? new FieldTarget(m.JsonKey, m.Type, Local(m), TargetAcceptsNull: true)
            : new FieldTarget(m.JsonKey, m.Type, spec.UseSetters ? "result." + m.Name : Local(m), m.Type.IsNullableReference)).ToList();
        FieldLoop.Write(writer, new ValueReading(writer, _locals), spec.DisplayName, fields);

        if (!spec.UseSetters)
        {
            Construct(spec, assigned, returnIt: populated.Count == 0);
            if (populated.Count == 0)
            {
                writer.Close();
                return;
            }
        }

        foreach (var member in populated)
        {
            Populate(member);
        }

        writer.Line("return result;");
        writer.Close();
    }

    /// <summary>Calls the constructor with the locals read for its parameters, and an initializer for the other members.</summary>
    private void Construct(ObjectSpec spec, List<ObjectMemberSpec> assigned, bool returnIt)
    {
        var arguments = string.Join(", ", assigned.Where(m => m.ConstructorIndex >= 0).OrderBy(m => m.ConstructorIndex).Select(Local));
        var initializers = assigned.Where(m => m.ConstructorIndex < 0).ToList();
        var create = (returnIt ? "return new " : "var result = new ") + spec.Name + "(" + arguments + ")";
        if (initializers.Count == 0)
        {
            writer.Line(create + ";");
            return;
        }

        writer.Line(create);
        writer.Line("{");
        foreach (var member in initializers)
        {
            writer.Line("    " + member.Name + " = " + Local(member) + ",");
        }

        writer.Line("};");
    }

    /// <summary>A get-only collection: the values read replace the contents of the instance the new object holds.</summary>
    private void Populate(ObjectMemberSpec member)
    {
        var target = _locals.Next("__target");
        var item = _locals.Next("__item");
        writer.Open("if (" + Local(member) + " is not null && result." + member.Name + " is { } " + target + ")");
        writer.Line(target + ".Clear();");
        writer.Open("foreach (var " + item + " in " + Local(member) + ")");
        writer.Line(member.Type.Kind == SessionTypeKind.Dictionary
            ? target + "[" + item + ".Key] = " + item + ".Value;"
            : target + ".Add(" + item + ");");
        writer.Close();
        writer.Close();
    }

    private static string Local(ObjectMemberSpec member) => "__p_" + member.LocalSuffix;
}
