using ScSession.Generators.Parsing;

namespace ScSession.Generators.Analyzers;

/// <summary>
/// The words of the diagnostics whose messages take a reason: every sentence a user reads is written here, beside the
/// descriptors, never in the parser.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    /// <summary>SCSN0001's subject: the model itself, or the containing type that is not partial.</summary>
    public static string PartialSubject(bool isModel, string name)
        => (isModel ? "Session model '" : "Containing type '") + name + "'";

    /// <summary>SCSN0002's reason.</summary>
    public static string Describe(ModelShapeReason reason, string? containingType = null) => reason switch
    {
        ModelShapeReason.NotAClass => "is not a class: declare it as a class or a record class",
        ModelShapeReason.Generic => "is generic: a session model is registered once per type and cannot have type parameters; remove them",
        ModelShapeReason.Static => "is static: a session model is created per request; remove 'static'",
        ModelShapeReason.Abstract => "is abstract: a session model is created with its parameterless constructor; remove 'abstract'",
        ModelShapeReason.NoParameterlessConstructor => "has no parameterless constructor: add one (it may be private)",
        ModelShapeReason.NotAccessible => "is private or protected: the generated registration must reach it; make it public or internal",
        ModelShapeReason.NestedInGenericType => "is nested in the generic type '" + containingType + "': move it out of the generic type",
        ModelShapeReason.NestedInInaccessibleType => "is nested in the private or protected type '" + containingType + "': make that type public or internal",
        _ => reason.ToString(),
    };

    /// <summary>SCSN0003's reason (nested reasons follow the member they are about).</summary>
    public static string Describe(StorageProblem problem) => problem.Reason switch
    {
        StorageReason.TypeNotSupported => "'" + problem.Type + "' is not supported",
        StorageReason.Dynamic => "'dynamic' is not supported",
        StorageReason.Pointer => "pointers are not supported",
        StorageReason.Delegate => "'" + problem.Type + "' is a delegate, and code cannot be stored",
        StorageReason.TypeParameter => "the type parameter '" + problem.Type + "' is not supported: use a concrete type",
        StorageReason.Object => "'object' is not supported: use a concrete type",
        StorageReason.MultiDimensionalArray => "multi-dimensional arrays are not supported: use a jagged array or a list",
        StorageReason.DictionaryKeyNotString => "'" + problem.Type + "' has keys that are not strings: use Dictionary<string, T>",
        StorageReason.CollectionNotSupported => "'" + problem.Type + "' is not a supported collection: use an array, List<T>, HashSet<T> or Dictionary<string, T>",
        StorageReason.FrameworkType => "'" + problem.Type + "' is a framework type that is not session data",
        StorageReason.InterfaceOrAbstract => "'" + problem.Type + "' is an interface or abstract type: use a concrete type",
        StorageReason.NotAccessible => "'" + problem.Type + "' is not accessible from the model",
        StorageReason.OpenTypeParameters => "'" + problem.Type + "' has type parameters: use a concrete type",
        StorageReason.NoMatchingConstructor => "'" + problem.Type + "' has no accessible constructor whose parameters all match its properties",
        StorageReason.MalformedMemberKey => "'" + problem.Type + "' has an empty or malformed key on '" + problem.Member + "'",
        StorageReason.DuplicateMemberKey => "'" + problem.Type + "' has two properties with the key '" + problem.Member + "'",
        StorageReason.RequiredMemberNotSettable => "'" + problem.Type + "' has the required member '" + problem.Member + "', which cannot be set",
        StorageReason.MemberCannotBeStored => "its property '" + problem.Type + "." + problem.Member + "' cannot be stored: "
                                              + (problem.Inner is null ? "its type is not supported" : Describe(problem.Inner)),
        StorageReason.RequiredProperty => "a 'required' property cannot be left to the session to fill; remove 'required'",
        StorageReason.OverrideProperty => "an 'override' property cannot be implemented by the generator; declare the property in the model itself",
        StorageReason.AbstractProperty => "an abstract property cannot be implemented",
        StorageReason.ExternProperty => "an 'extern' property cannot be implemented",
        StorageReason.ReturnsByReference => "a property that returns by reference cannot be stored",
        _ => problem.Reason.ToString(),
    };

    /// <summary>SCSN0008's reason.</summary>
    public static string Describe(AccessorProblem problem) => problem switch
    {
        AccessorProblem.GetterOnly => "has only a getter",
        AccessorProblem.InitOnly => "is init-only",
        AccessorProblem.SetterOnly => "has only a setter",
        _ => problem.ToString(),
    };

    /// <summary>SCSN0005's subject: a property's key, or a model's section name.</summary>
    public static string KeySubject(string model, string? property)
        => property is null ? "session model '" + model + "' (its section name)" : "property '" + model + "." + property + "'";

    /// <summary>SCSN0005's reason; <paramref name="skipped"/> when the generator cannot emit the key at all.</summary>
    public static string Describe(KeyProblemKind problem, bool skipped = false) => problem switch
    {
        KeyProblemKind.Missing => "is missing",
        KeyProblemKind.Empty => "is empty",
        KeyProblemKind.Whitespace => "contains whitespace",
        KeyProblemKind.ControlCharacters => "contains control characters",
        KeyProblemKind.NonAscii => "contains non-ASCII characters",
        KeyProblemKind.TooLong => "is longer than 64 characters",
        KeyProblemKind.ReservedDollar => "starts with '$', which is reserved for ScSession",
        KeyProblemKind.ReservedUnderscores => "starts with '__', which is reserved for ScSession",
        KeyProblemKind.NotWellFormed => "is not well-formed UTF-16",
        _ => problem.ToString(),
    } + (skipped ? " (no session code is generated for the model)" : "");
}
