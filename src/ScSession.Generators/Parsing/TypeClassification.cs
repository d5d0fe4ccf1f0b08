namespace ScSession.Generators.Parsing;

/// <summary>
/// What <see cref="TypeClassifier"/> made of a type: the spec the emitter needs, the reason it cannot be stored, or
/// neither when the type does not exist (the compiler reports that; ScSession adds nothing).
/// </summary>
internal readonly struct TypeClassification
{
    private TypeClassification(TypeSpec? spec, StorageProblem? problem)
    {
        Spec = spec;
        Problem = problem;
    }

    /// <summary>The type, when it can be stored.</summary>
    public TypeSpec? Spec { get; }

    /// <summary>Why it cannot be stored, when ScSession reports it.</summary>
    public StorageProblem? Problem { get; }

    /// <summary>The type, or one it contains, does not exist: the compiler reports it.</summary>
    public bool IsUnresolved => Spec is null && Problem is null;

    public static TypeClassification Supported(TypeSpec spec) => new(spec, null);

    public static TypeClassification Unsupported(StorageProblem problem) => new(null, problem);

    public static TypeClassification Unresolved => default;
}
