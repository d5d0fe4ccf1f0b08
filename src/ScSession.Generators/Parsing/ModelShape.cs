using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ScSession.Generators.Analyzers;

namespace ScSession.Generators.Parsing;

/// <summary>
/// Whether a class can be a session model at all (SCSN0001, SCSN0002): partial down to the outermost type, a
/// non-generic, non-static, non-abstract class with a parameterless constructor that generated code can reach.
/// </summary>
internal static class ModelShape
{
    /// <summary>
    /// Records every shape problem of <paramref name="model"/> and says whether a second partial declaration of it
    /// can be generated at all (it and its containers are partial classes): where the fallback implementation goes.
    /// </summary>
    public static bool Check(INamedTypeSymbol model, string modelName, ModelProblemCollector problems, CancellationToken cancellationToken)
    {
        var containers = ModelHierarchy.ContainersOf(model);
        var modelLocation = SourceLocations.Identifier(model, cancellationToken);

        // SCSN0001: the model, else the innermost containing type that is not partial.
        var modelIsPartial = IsPartial(model, cancellationToken);
        var containersArePartial = containers.All(c => IsPartial(c, cancellationToken));
        if (!modelIsPartial)
        {
            problems.Skip(DiagnosticDescriptors.ModelMustBePartial, SourceLocations.Identifier(model, cancellationToken, nonPartialOnly: true),
                DiagnosticDescriptors.PartialSubject(isModel: true, modelName), modelName);
        }
        else if (!containersArePartial)
        {
            var outer = containers.First(c => !IsPartial(c, cancellationToken));
            problems.Skip(DiagnosticDescriptors.ModelMustBePartial, SourceLocations.Identifier(outer, cancellationToken, nonPartialOnly: true),
                DiagnosticDescriptors.PartialSubject(isModel: false, outer.ToDisplayString(SymbolText.Display)), modelName);
        }

        // SCSN0002: what else keeps the generator from implementing ISessionModel<T> on the class.
        void Invalid(ModelShapeReason reason, string? containingType = null)
            => problems.Skip(DiagnosticDescriptors.InvalidModelShape, modelLocation, modelName, DiagnosticDescriptors.Describe(reason, containingType));

        if (model.TypeKind != TypeKind.Class)
        {
            Invalid(ModelShapeReason.NotAClass);
        }

        if (model.TypeParameters.Length > 0)
        {
            Invalid(ModelShapeReason.Generic);
        }

        if (model.IsStatic)
        {
            Invalid(ModelShapeReason.Static);
        }

        if (model.IsAbstract && !model.IsStatic)
        {
            Invalid(ModelShapeReason.Abstract);
        }

        if (!model.IsStatic && !model.InstanceConstructors.Any(c => c.Parameters.Length == 0))
        {
            Invalid(ModelShapeReason.NoParameterlessConstructor);
        }

        if (IsHidden(model))
        {
            Invalid(ModelShapeReason.NotAccessible);
        }

        foreach (var outer in containers)
        {
            if (outer.IsGenericType)
            {
                Invalid(ModelShapeReason.NestedInGenericType, outer.ToDisplayString(SymbolText.Display));
            }
            else if (IsHidden(outer))
            {
                Invalid(ModelShapeReason.NestedInInaccessibleType, outer.ToDisplayString(SymbolText.Display));
            }
        }

        return modelIsPartial && containersArePartial && !model.IsStatic && model.TypeKind == TypeKind.Class;
    }

    /// <summary>Every declaration of the type says <c>partial</c> (a type only in metadata is not).</summary>
    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
        => type.DeclaringSyntaxReferences.Length > 0
           && type.DeclaringSyntaxReferences.All(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t
                                                    && t.Modifiers.Any(SyntaxKind.PartialKeyword));

    /// <summary>Private, protected or private protected: out of reach of the generated registration.</summary>
    private static bool IsHidden(ISymbol symbol)
        => symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal;
}
