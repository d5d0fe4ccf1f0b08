namespace ScSession.Generators.Parsing;

// The reasons the parser finds, as values. DiagnosticDescriptors.Reasons.cs turns each into the words a user reads,
// so that no sentence is written here.

/// <summary>Why a model cannot be a session model (SCSN0002).</summary>
internal enum ModelShapeReason
{
    NotAClass,
    Generic,
    Static,
    Abstract,
    NoParameterlessConstructor,
    NotAccessible,
    NestedInGenericType,
    NestedInInaccessibleType,
}

/// <summary>Why a property, or a type it stores, cannot be stored (SCSN0003).</summary>
internal enum StorageReason
{
    TypeNotSupported,
    Dynamic,
    Pointer,
    Delegate,
    TypeParameter,
    Object,
    MultiDimensionalArray,
    DictionaryKeyNotString,
    CollectionNotSupported,
    FrameworkType,
    InterfaceOrAbstract,
    NotAccessible,
    OpenTypeParameters,
    NoMatchingConstructor,
    MalformedMemberKey,
    DuplicateMemberKey,
    RequiredMemberNotSettable,
    MemberCannotBeStored,
    RequiredProperty,
    OverrideProperty,
    AbstractProperty,
    ExternProperty,
    ReturnsByReference,
}

/// <summary>
/// One reason a property cannot be stored: the reason, the type (and member) it is about, and for a member of a
/// nested type, the member's own reason.
/// </summary>
internal sealed record StorageProblem(StorageReason Reason, string? Type = null, string? Member = null, StorageProblem? Inner = null);

/// <summary>Which accessor a partial property of a model lacks (SCSN0008).</summary>
internal enum AccessorProblem
{
    GetterOnly,
    InitOnly,
    SetterOnly,
}

/// <summary>What is wrong with a session key (SCSN0005).</summary>
internal enum KeyProblemKind
{
    Missing,
    Empty,
    Whitespace,
    ControlCharacters,
    NonAscii,
    TooLong,
    ReservedDollar,
    ReservedUnderscores,
    NotWellFormed,
}
