using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ScSession.Benchmarks;

/// <summary>
/// Stand-in generators that measure what any generator of <c>[SessionModel]</c> must pay after an unrelated edit,
/// below ScSession's own parser: Roslyn's <c>ForAttributeWithMetadataName</c> re-runs its transform for every attributed
/// class whenever the compilation changes, on symbols that are new in that compilation.
/// </summary>
internal static class GeneratorFloors
{
    /// <summary>The transform only names the class: the cost of finding the models and binding their attributes.</summary>
    public sealed class FindModelsOnly : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var names = context.SyntaxProvider.ForAttributeWithMetadataName(
                "ScSession.SessionModelAttribute",
                static (node, _) => node is ClassDeclarationSyntax,
                static (c, _) => c.TargetSymbol.Name);
            context.RegisterSourceOutput(names, static (_, _) => { });
        }
    }

    /// <summary>
    /// The transform reads every symbol fact the parser reads (members, property types and attributes, user types'
    /// properties and constructors, enum constants, accessibility) and builds nothing: Roslyn's binding of a model.
    /// </summary>
    public sealed class BindModelsOnly : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var counts = context.SyntaxProvider.ForAttributeWithMetadataName(
                "ScSession.SessionModelAttribute",
                static (node, _) => node is ClassDeclarationSyntax,
                static (c, _) => Touch(c.SemanticModel.Compilation, (INamedTypeSymbol)c.TargetSymbol));
            context.RegisterSourceOutput(counts, static (_, _) => { });
        }

        private static int Touch(Compilation compilation, INamedTypeSymbol model)
        {
            var count = model.InstanceConstructors.Length + model.GetAttributes().Length;
            var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var property in model.GetMembers().OfType<IPropertySymbol>())
            {
                count += property.GetAttributes().Length + (property.IsPartialDefinition ? 1 : 0);
                count += TouchType(compilation, model, property.Type, seen);
            }

            return count + (compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext") is null ? 0 : 1);
        }

        private static int TouchType(Compilation compilation, INamedTypeSymbol model, ITypeSymbol type, HashSet<ITypeSymbol> seen)
        {
            if (type is not INamedTypeSymbol named || !seen.Add(type))
            {
                return 0;
            }

            var count = named.TypeArguments.Sum(a => TouchType(compilation, model, a, seen));
            if (named.ContainingNamespace?.ToDisplayString().StartsWith("System", StringComparison.Ordinal) == true)
            {
                return count;
            }

            count += compilation.IsSymbolAccessibleWithin(named, model) ? 1 : 0;
            foreach (var member in named.GetMembers())
            {
                switch (member)
                {
                    case IFieldSymbol { HasConstantValue: true } field:
                        count += field.ConstantValue is null ? 0 : 1;
                        break;
                    case IPropertySymbol property:
                        count += property.GetAttributes().Length + TouchType(compilation, model, property.Type, seen);
                        break;
                    case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor:
                        count += constructor.Parameters.Length + constructor.GetAttributes().Length;
                        break;
                }
            }

            return count;
        }
    }
}
