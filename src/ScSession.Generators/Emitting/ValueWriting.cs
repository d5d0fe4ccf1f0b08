using System;

namespace ScSession.Generators.Emitting;

/// <summary>
/// Writes the statements that serialize one value with <c>writer</c>: a property (key and value) of a model or user
/// type, or a bare value (an element of a collection). Scalars come from <see cref="ScalarFormat"/>; enums and user
/// types call their converter (<c>__Scs_{Type}.Write</c>, which writes null for a null reference); nullables and
/// collections are written here.
/// </summary>
internal sealed class ValueWriting(SourceWriter writer, LocalNames locals)
{
    /// <summary>Writes <paramref name="value"/> under the pre-encoded key <paramref name="key"/>.</summary>
    public void Property(string key, TypeSpec type, string value) => Write(type, value, key);

    /// <summary>Writes <paramref name="value"/> as a bare JSON value.</summary>
    public void Value(TypeSpec type, string value) => Write(type, value, key: null);

    private void Write(TypeSpec type, string value, string? key)
    {
        // Strings and user types are checked for null by the writer they are given to; nullables and collections here.
        if (type.Kind != SessionTypeKind.Nullable && !(type.IsCollection && !type.IsValueType))
        {
            NonNull(type, value, key);
            return;
        }

        var local = locals.Next("__value");
        writer.Open("if (" + value + " is { } " + local + ")");
        NonNull(type.Kind == SessionTypeKind.Nullable ? type.Element! : type, local, key);
        writer.Close();
        writer.Open("else");
        writer.Line(key is null ? "writer.WriteNullValue();" : "writer.WriteNull(" + key + ");");
        writer.Close();
    }

    private void NonNull(TypeSpec type, string value, string? key)
    {
        if (type.IsCollection)
        {
            Collection(type, value, key);
            return;
        }

        var scalar = ScalarFormat.For(type.Kind);
        if (key is not null && scalar is { HasKeyedWrite: true })
        {
            writer.Line(scalar.WriteProperty(key, value));
            return;
        }

        if (key is not null)
        {
            writer.Line("writer.WritePropertyName(" + key + ");");
        }

        if (scalar is not null)
        {
            writer.Line(scalar.WriteValue(value));
        }
        else if (type.Kind is SessionTypeKind.Enum or SessionTypeKind.Object)
        {
            writer.Line(type.HelperName + ".Write(writer, " + value + ");");
        }
        else
        {
            throw new InvalidOperationException("Unexpected kind " + type.Kind + ".");
        }
    }

    /// <summary>The items of a collection: a JSON array, or for a dictionary a JSON object; under <paramref name="key"/> if given.</summary>
    private void Collection(TypeSpec type, string value, string? key)
    {
        var isDictionary = type.Kind == SessionTypeKind.Dictionary;
        var item = locals.Next(isDictionary ? "__entry" : "__item");
        writer.Line("writer.WriteStart" + (isDictionary ? "Object(" : "Array(") + key + ");");
        writer.Open("foreach (var " + item + " in " + value + ")");
        if (isDictionary)
        {
            writer.Line("writer.WritePropertyName(" + item + ".Key);");
            Write(type.Element!, item + ".Value", key: null);
        }
        else
        {
            Write(type.Element!, item, key: null);
        }

        writer.Close();
        writer.Line("writer.WriteEnd" + (isDictionary ? "Object();" : "Array();"));
    }
}
