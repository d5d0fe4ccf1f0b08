namespace ScSession.Generators.Emitting;

/// <summary>The values a field or local starts as before anything was set or read.</summary>
internal static class EmptyValues
{
    /// <summary>The value a non-nullable collection or user class starts as, or null when none can be made.</summary>
    public static string? Of(TypeSpec type) => type.Kind switch
    {
        SessionTypeKind.Array => TypeNames.ArrayEmpty + "<" + type.Element!.DeclaredName + ">()",
        SessionTypeKind.List or SessionTypeKind.HashSet or SessionTypeKind.Dictionary => "new " + type.ConstructName + "()",
        SessionTypeKind.Object when type.CanCreateEmpty && !type.IsValueType => "new " + type.Name + "()",
        _ => null,
    };

    /// <summary>The initial value of a local collecting a constructor argument or init-only property.</summary>
    public static string Default(TypeSpec type)
    {
        if (type.IsValueType)
        {
            return "default";
        }

        if (type.IsNullableReference)
        {
            return "null";
        }

        return type.Kind == SessionTypeKind.String ? "\"\"" : Of(type) ?? "default!";
    }

    /// <summary>
    /// Whether the property's getter supplies a value when none was set (an empty collection, "", a new object) instead
    /// of returning the field as it is.
    /// </summary>
    public static bool HasGetterDefault(TypeSpec type)
        => !type.IsValueType && !type.IsNullableReference && (type.Kind == SessionTypeKind.String || Of(type) is not null);
}
