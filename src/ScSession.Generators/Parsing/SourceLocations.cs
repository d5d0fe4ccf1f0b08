using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ScSession.Generators.Parsing;

/// <summary>Where in the source a problem is reported: the narrowest span a user recognises (a name, a type, a key).</summary>
internal static class SourceLocations
{
    /// <summary>
    /// The identifier of a type or property declaration; with <paramref name="nonPartialOnly"/>, of a declaration of the
    /// type that lacks <c>partial</c> (where SCSN0001's fix goes).
    /// </summary>
    public static Location Identifier(ISymbol symbol, CancellationToken cancellationToken, bool nonPartialOnly = false)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            switch (syntax)
            {
                case TypeDeclarationSyntax type when !nonPartialOnly || !type.Modifiers.Any(SyntaxKind.PartialKeyword):
                    return type.Identifier.GetLocation();
                case PropertyDeclarationSyntax property:
                    return property.Identifier.GetLocation();
            }
        }

        return symbol.Locations.FirstOrDefault() ?? Location.None;
    }

    /// <summary>The declared type of a property (<c>Stream</c> in <c>public partial Stream Body { get; set; }</c>).</summary>
    public static Location Type(IPropertySymbol property, CancellationToken cancellationToken)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is PropertyDeclarationSyntax declaration)
            {
                return declaration.Type.GetLocation();
            }
        }

        return Identifier(property, cancellationToken);
    }

    /// <summary>The first argument of an attribute application (the key of <c>[SessionKey("k")]</c>), or null.</summary>
    public static Location? FirstArgument(AttributeData attribute, CancellationToken cancellationToken)
        => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: > 0 } arguments }
            ? arguments[0].Expression.GetLocation()
            : null;

    /// <summary>The value of a named argument (<c>Name = "cart"</c>), or null.</summary>
    public static Location? NamedArgument(AttributeData attribute, string name, CancellationToken cancellationToken)
        => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } list }
            ? list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.Expression.GetLocation()
            : null;
}
