using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Parsing;

/// <summary>
/// How the serializer reaches into a user type from a model's file: which properties it reads, which constructor it
/// creates the type with, all as seen from the model (accessibility is the model's).
/// </summary>
internal sealed class UserTypeShape
{
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _model;

    public UserTypeShape(Compilation compilation, INamedTypeSymbol model)
    {
        _compilation = compilation;
        _model = model;
    }

    /// <summary>The model's file can name or call <paramref name="symbol"/>.</summary>
    public bool IsAccessible(ISymbol symbol) => _compilation.IsSymbolAccessibleWithin(symbol, _model);

    /// <summary>Public readable instance properties, base types included, not [SessionIgnore].</summary>
    public List<IPropertySymbol> ReadableProperties(INamedTypeSymbol type)
    {
        var result = new List<IPropertySymbol>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object
             && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            var declared = new List<IPropertySymbol>();
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol property && !property.IsStatic && !property.IsIndexer
                    && property.DeclaredAccessibility == Accessibility.Public
                    && property.GetMethod is not null && IsAccessible(property.GetMethod)
                    && !AttributeLookup.Has(property, TypeNames.SessionIgnoreAttribute)
                    && names.Add(property.Name))
                {
                    declared.Add(property);
                }
            }

            result.InsertRange(0, declared); // base properties first, as System.Text.Json orders them
        }

        return result;
    }

    /// <summary>
    /// The constructor to create the type with: the accessible one with the most parameters whose parameters all
    /// match a readable property by name (case-insensitive) and type; a parameterless one matches trivially.
    /// </summary>
    public IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<IPropertySymbol> properties)
    {
        IMethodSymbol? best = null;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (!IsAccessible(constructor) || (best is not null && constructor.Parameters.Length <= best.Parameters.Length))
            {
                continue;
            }

            var matches = constructor.Parameters.All(parameter =>
                parameter.RefKind is RefKind.None or RefKind.In
                && properties.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)
                                       && SymbolEqualityComparer.Default.Equals(p.Type, parameter.Type)));
            if (matches)
            {
                best = constructor;
            }
        }

        return best;
    }

    /// <summary>A parameterless constructor is usable: a non-nullable value can be created on first get.</summary>
    public bool CanCreateEmpty(INamedTypeSymbol type)
        => type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && IsAccessible(c));

    /// <summary>The <c>required</c> properties and fields, base types included.</summary>
    public static IEnumerable<ISymbol> RequiredMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
                {
                    yield return member;
                }
            }
        }
    }

    /// <summary>
    /// A get-only List/HashSet/Dictionary (<c>{ get; } = new()</c>) is filled in place, like System.Text.Json's
    /// <c>JsonObjectCreationHandling.Populate</c>; any other get-only property is computed and not stored.
    /// </summary>
    public static bool IsFilledInPlace(ITypeSymbol type)
        => type is INamedTypeSymbol named
           && SymbolText.HasFullName(named.ContainingNamespace, "System.Collections.Generic")
           && named.MetadataName is "List`1" or "HashSet`1" or "Dictionary`2";

    /// <summary>
    /// Framework types (Stream, HttpContext, Uri, Task…) are not user data: only the ones the classifier lists are
    /// supported.
    /// </summary>
    public static bool IsFrameworkType(INamedTypeSymbol type)
    {
        var root = type.ContainingNamespace;
        while (root is { ContainingNamespace.IsGlobalNamespace: false })
        {
            root = root.ContainingNamespace;
        }

        return root is { IsGlobalNamespace: false, Name: "System" or "Microsoft" };
    }
}
