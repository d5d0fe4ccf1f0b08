using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ScSession.Generators.Parsing;

/// <summary>How symbols are written: in generated C# (escaped, fully qualified) and in messages (short).</summary>
internal static class SymbolText
{
    /// <summary><c>global::</c>-qualified, nullable annotations included: for emitted code.</summary>
    public static readonly SymbolDisplayFormat FullyQualified =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Short, with keywords for special types: for messages and display names.</summary>
    public static readonly SymbolDisplayFormat Display =
        SymbolDisplayFormat.MinimallyQualifiedFormat.WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>An identifier as written in C#: keywords escaped with <c>@</c>.</summary>
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>The keyword a partial declaration of the type repeats.</summary>
    public static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    /// <summary>An accessor's own accessibility modifier, with a trailing space; empty for public.</summary>
    public static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Private => "private ",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected ",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal ",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal ",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected ",
        _ => "",
    };

    /// <summary><c>&lt;T, U&gt;</c>, or empty for a type without type parameters.</summary>
    public static string TypeParameterList(INamedTypeSymbol type)
        => type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(p => Identifier(p.Name))) + ">";
}
