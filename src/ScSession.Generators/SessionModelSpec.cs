namespace ScSession.Generators;

// The pipeline's models: strings, bools, ints and EquatableArrays only. No ISymbol, SyntaxNode, Location or
// Compilation is ever held here, so that every step compares by value and caches.

/// <summary>One [SessionModel] class, everything the emitter needs to write its file.</summary>
internal sealed record SessionModelSpec(
    string HintName,
    string Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Keyword,
    string TypeName,
    string FullyQualifiedName,
    string DisplayName,
    string SectionName,
    bool EmitBindAsync,
    EquatableArray<ModelPropertySpec> Properties,
    EquatableArray<EnumSpec> Enums,
    EquatableArray<ObjectSpec> Objects,
    string? Concurrency = null);

/// <summary>A type the model is nested in, re-declared as <c>partial {Keyword} {Name}</c>.</summary>
internal readonly record struct ContainingTypeSpec(string Keyword, string Name);

/// <summary>A <c>public partial</c> property of a model that the generator implements.</summary>
/// <param name="Modifiers">The modifiers before <c>partial</c>: <c>public</c> or <c>public virtual</c>.</param>
/// <param name="Name">The property's identifier as written in C# (keywords escaped with <c>@</c>).</param>
/// <param name="FieldName">The private backing field.</param>
/// <param name="JsonKey">The wire key (null for a <c>[SessionIgnore]</c> property, which is implemented but not stored).</param>
/// <param name="SetterKeyword"><c>set</c> or <c>init</c>.</param>
/// <param name="SetterModifiers">The setter's own accessibility (<c>private </c>…) when it differs from the property's, else empty.</param>
internal sealed record ModelPropertySpec(
    string Modifiers,
    string Name,
    string FieldName,
    string? JsonKey,
    TypeSpec Type,
    string SetterKeyword,
    string SetterModifiers);

internal enum SessionTypeKind
{
    Boolean,
    SByte,
    Byte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    IntPtr,
    UIntPtr,
    Single,
    Double,
    Decimal,
    Char,
    String,
    Guid,
    DateTime,
    DateTimeOffset,
    DateOnly,
    TimeOnly,
    TimeSpan,
    Enum,
    Nullable,
    Array,
    List,
    HashSet,
    Dictionary,
    Object,
}

/// <summary>A property or element type the serializer handles.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Name">
/// Fully qualified, with the nullable annotations of its type arguments but without its own top-level <c>?</c>
/// on a reference type (a <see cref="SessionTypeKind.Nullable"/> value type is written <c>int?</c>).
/// </param>
/// <param name="IsNullableReference">A reference type annotated with <c>?</c>.</param>
/// <param name="IsValueType">A struct (including <c>Nullable&lt;T&gt;</c>).</param>
/// <param name="Element">The underlying type of a Nullable, or the element / value type of a collection.</param>
/// <param name="HelperName">For enums and user types: the generated helper class that reads and writes it.</param>
/// <param name="ConstructName">For collections: the concrete type to instantiate (List for IList, …).</param>
/// <param name="CanCreateEmpty">For user types: a parameterless constructor is usable, so a non-nullable value can be created on first get.</param>
internal sealed record TypeSpec(
    SessionTypeKind Kind,
    string Name,
    bool IsNullableReference,
    bool IsValueType,
    TypeSpec? Element,
    string? HelperName,
    string? ConstructName,
    bool CanCreateEmpty)
{
    /// <summary>The type as declared: <see cref="Name"/> plus <c>?</c> on a nullable reference type.</summary>
    public string DeclaredName => IsNullableReference ? Name + "?" : Name;

    /// <summary>The type of a field that may hold null until first use: reference types get <c>?</c>.</summary>
    public string NullableName => IsValueType ? Name : Name + "?";

    public bool IsCollection => Kind is SessionTypeKind.Array or SessionTypeKind.List or SessionTypeKind.HashSet or SessionTypeKind.Dictionary;
}

/// <summary>An enum used by the model, written by member name.</summary>
/// <param name="UnderlyingKind">The enum's underlying integer type.</param>
internal sealed record EnumSpec(
    string HelperName,
    string Name,
    string DisplayName,
    SessionTypeKind UnderlyingKind,
    EquatableArray<EnumMemberSpec> Members);

/// <param name="Identifier">The member as written in C# (escaped).</param>
/// <param name="JsonName">The member's name as stored.</param>
/// <param name="IsFirstForValue">The first member with its value: the name written for that value (aliases are read only).</param>
internal readonly record struct EnumMemberSpec(string Identifier, string JsonName, bool IsFirstForValue);

/// <summary>A user class, record or struct used (directly or through collections) by the model.</summary>
/// <param name="UseSetters">
/// Created with a parameterless constructor and every member has a <c>set</c> accessor: the reader creates the
/// object first and assigns the fields it finds (missing fields keep the type's own initial values).
/// Otherwise the reader collects values into locals and then calls the constructor with an object initializer.
/// </param>
internal sealed record ObjectSpec(
    string HelperName,
    string Name,
    string DisplayName,
    bool UseSetters,
    EquatableArray<ObjectMemberSpec> Members);

/// <param name="Name">The property as written in C# (escaped).</param>
/// <param name="LocalSuffix">A suffix for generated locals (the unescaped name).</param>
/// <param name="ConstructorIndex">The constructor parameter it is passed as, or -1 for a settable/init property.</param>
/// <param name="Populate">A get-only collection: read values are added to the instance the object already holds.</param>
internal sealed record ObjectMemberSpec(
    string Name,
    string LocalSuffix,
    string JsonKey,
    TypeSpec Type,
    int ConstructorIndex,
    bool Populate = false);

/// <summary>
/// What the parser made of one [SessionModel] class: a supported model, or, for a model the generator cannot
/// support, the partial property implementations it still emits so that only the analyzer's error shows.
/// </summary>
/// <param name="Diagnostics">
/// What the generator itself reports (SCSN0001, SCSN0008: the mistakes that also fail the compilation, whose analyzer
/// diagnostics a command-line build would not show).
/// </param>
internal sealed record ParsedModel(SessionModelSpec? Supported, PartialImplementationSpec? Fallback, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// An unsupported model whose <c>partial</c> properties are implemented over plain fields: no session code, no
/// <c>ISessionModel</c>, just enough that the compiler reports no CS9248 next to the analyzer's diagnostic.
/// </summary>
/// <param name="TypeName">The model's identifier with its type parameter list.</param>
internal sealed record PartialImplementationSpec(
    string HintName,
    string Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Keyword,
    string TypeName,
    EquatableArray<PartialPropertySpec> Properties);

/// <param name="Modifiers">Everything before <c>partial</c>: <c>public</c>, <c>required</c>, <c>virtual</c>…</param>
/// <param name="Type">The declared type, fully qualified, nullable annotations included.</param>
/// <param name="HasGetter">False for a setter-only declaration (SCSN0008), which is implemented as declared.</param>
/// <param name="SetterKeyword"><c>set</c>, <c>init</c>, or null for a getter-only declaration (SCSN0008).</param>
internal sealed record PartialPropertySpec(
    string Modifiers,
    string Type,
    string Name,
    string FieldName,
    bool HasGetter,
    string? SetterKeyword,
    string SetterModifiers);
