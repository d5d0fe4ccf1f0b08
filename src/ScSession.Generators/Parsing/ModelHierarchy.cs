using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Parsing;

/// <summary>
/// Where a model is declared: its namespace and the types it is nested in, once, as the generated file re-declares
/// them, and the file's hint name.
/// </summary>
internal sealed class ModelHierarchy
{
    private ModelHierarchy(string ns, IReadOnlyList<ContainingTypeSpec> containingTypes, IReadOnlyList<ContainingTypeSpec> containingTypesWithTypeParameters, string hintName)
    {
        Namespace = ns;
        ContainingTypes = containingTypes;
        ContainingTypesWithTypeParameters = containingTypesWithTypeParameters;
        HintName = hintName;
    }

    /// <summary>The namespace, or empty for the global namespace.</summary>
    public string Namespace { get; }

    /// <summary>Outermost first, as a session model's file re-declares them (a supported model is never nested in a generic type).</summary>
    public IReadOnlyList<ContainingTypeSpec> ContainingTypes { get; }

    /// <summary>Outermost first, with their type parameters: the fallback re-declares any model, generic containers included.</summary>
    public IReadOnlyList<ContainingTypeSpec> ContainingTypesWithTypeParameters { get; }

    /// <summary><c>Namespace.Outer.Model.g.cs</c>; a generic model gets its arity (<c>Model_1.g.cs</c>).</summary>
    public string HintName { get; }

    /// <summary>The types <paramref name="model"/> is nested in, innermost first.</summary>
    public static List<INamedTypeSymbol> ContainersOf(INamedTypeSymbol model)
    {
        var containers = new List<INamedTypeSymbol>();
        for (var outer = model.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containers.Add(outer);
        }

        return containers;
    }

    public static ModelHierarchy Of(INamedTypeSymbol model)
    {
        var containing = new List<ContainingTypeSpec>();
        var withTypeParameters = new List<ContainingTypeSpec>();
        foreach (var outer in ContainersOf(model))
        {
            containing.Insert(0, new ContainingTypeSpec(SymbolText.Keyword(outer), SymbolText.Identifier(outer.Name)));
            withTypeParameters.Insert(0, new ContainingTypeSpec(SymbolText.Keyword(outer), SymbolText.Identifier(outer.Name) + SymbolText.TypeParameterList(outer)));
        }

        var ns = model.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
        var hint = new StringBuilder();
        if (ns.Length > 0)
        {
            hint.Append(ns).Append('.');
        }

        foreach (var outer in containing)
        {
            hint.Append(outer.Name.TrimStart('@')).Append('.');
        }

        hint.Append(model.Name);
        if (model.TypeParameters.Length > 0)
        {
            hint.Append('_').Append(model.TypeParameters.Length.ToString(CultureInfo.InvariantCulture));
        }

        hint.Append(".g.cs");
        return new ModelHierarchy(ns, containing, withTypeParameters, hint.ToString());
    }
}
