namespace ScSession.Generators.Emitting;

/// <summary>What a model property's getter returns, and therefore what the writer reads from.</summary>
internal static class PropertyGetter
{
    /// <summary>
    /// The getter's expression: the field; for a non-nullable collection or creatable user class, the field created on
    /// first get; for a non-nullable string, "" when unset; for a non-nullable user type that cannot be created empty, a
    /// clear error when unset.
    /// </summary>
    public static string Of(ModelPropertySpec property)
    {
        var type = property.Type;
        var field = property.FieldName;
        if (type.IsValueType || type.IsNullableReference)
        {
            return field;
        }

        if (type.Kind == SessionTypeKind.String)
        {
            return field + " ?? \"\"";
        }

        // A non-nullable user type that cannot be created empty (a positional record…) has no default: reading it
        // before it was set or loaded fails clearly here instead of as a NullReferenceException somewhere else.
        return EmptyValues.Of(type) is { } empty
            ? field + " ??= " + empty
            : field + " ?? throw new " + TypeNames.InvalidOperationException + "("
                + Templates.Literal(property.Name.TrimStart('@') + " has not been set: it has no default value. Declare it nullable to allow a missing value.") + ")";
    }

    /// <summary>
    /// A property whose getter supplies a default (an empty collection, "", a new object) is written through the
    /// getter, so a value that was never set and one that was only read serialize to the same bytes: the runtime
    /// detects changes by comparing bytes, and a request that only reads must not look like a change.
    /// </summary>
    public static string WriteSource(ModelPropertySpec property)
        => "value." + (EmptyValues.HasGetterDefault(property.Type) ? property.Name : property.FieldName);
}
