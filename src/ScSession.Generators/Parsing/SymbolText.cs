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

    /// <summary>
    /// The symbol's dotted name is <paramref name="fullName"/> (<c>System.Collections.Generic</c>,
    /// <c>ScSession.SessionKeyAttribute</c>): what <c>ToDisplayString()</c> would compare equal, for a namespace or a
    /// non-generic type, without building the string. The parser asks this for every attribute and named type it
    /// meets, after every edit.
    /// </summary>
    public static bool HasFullName(ISymbol? symbol, string fullName)
    {
        var end = fullName.Length;
        while (symbol is not null and not INamespaceSymbol { IsGlobalNamespace: true })
        {
            if (end <= 0 || symbol is INamedTypeSymbol { Arity: > 0 })
            {
                return false;
            }

            var start = fullName.LastIndexOf('.', end - 1) + 1;
            var name = symbol.Name;
            if (end - start != name.Length || string.CompareOrdinal(fullName, start, name, 0, name.Length) != 0)
            {
                return false;
            }

            end = start - 1;
            symbol = symbol.ContainingSymbol;
        }

        return end < 0;
    }
}
