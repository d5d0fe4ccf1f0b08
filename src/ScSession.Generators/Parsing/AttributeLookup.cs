using System.Linq;
using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Parsing;

/// <summary>Finds ScSession's attributes (and the framework's) on symbols by their full name.</summary>
internal static class AttributeLookup
{
    /// <summary>The attribute class is <paramref name="fullName"/> (<c>ScSession.SessionKeyAttribute</c>).</summary>
    public static bool Is(AttributeData attribute, string fullName) => SymbolText.HasFullName(attribute.AttributeClass, fullName);

    /// <summary>The symbol carries the attribute <paramref name="fullName"/>.</summary>
    public static bool Has(ISymbol symbol, string fullName) => symbol.GetAttributes().Any(a => Is(a, fullName));
}
