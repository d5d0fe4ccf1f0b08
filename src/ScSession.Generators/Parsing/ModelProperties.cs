using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Parsing;

/// <summary>Which properties of a model are the generator's to implement, and how their implementation is declared.</summary>
internal static class ModelProperties
{
    // Roslyn names a generated file {assembly}/{generator type}/{hint}: this generator's files contain its type's name.
    private static readonly string s_generatedPathMarker = typeof(SessionModelGenerator).FullName!;

    /// <summary>
    /// A property the generator implements: a public instance get/set partial definition without a hand-written
    /// implementation. (The analyzers see the compilation with the generated parts: those do not count.)
    /// </summary>
    public static bool IsImplementedByGenerator(IPropertySymbol property)
        => !property.IsStatic && !property.IsIndexer && property.IsPartialDefinition
           && (property.PartialImplementationPart is null || IsGenerated(property.PartialImplementationPart))
           && property.DeclaredAccessibility == Accessibility.Public
           && property.GetMethod is not null && property.SetMethod is { IsInitOnly: false };

    /// <summary>
    /// SCSN0008: a public partial property the generator would have to implement that lacks a getter or a (non-init)
    /// setter; null when it has both, or is not the generator's to implement.
    /// </summary>
    public static AccessorProblem? AccessorProblemOf(IPropertySymbol property)
    {
        if (property.IsStatic || property.IsIndexer || !property.IsPartialDefinition || property.DeclaredAccessibility != Accessibility.Public
            || (property.PartialImplementationPart is { } implementation && !IsGenerated(implementation)))
        {
            return null;
        }

        return property.GetMethod is null ? AccessorProblem.SetterOnly
            : property.SetMethod is null ? AccessorProblem.GetterOnly
            : property.SetMethod.IsInitOnly ? AccessorProblem.InitOnly
            : null;
    }

    /// <summary>The modifiers an implementing declaration must repeat: <c>public</c>, <c>required</c>, <c>virtual</c>…</summary>
    public static string ImplementationModifiers(IPropertySymbol property)
        => "public" + (property.IsRequired ? " required" : "") + (property.IsVirtual ? " virtual" : "")
           + (property.IsSealed ? " sealed" : "") + (property.IsOverride ? " override" : "");

    /// <summary>
    /// A type a generated implementation can declare: not one the compiler could not resolve (it reports that), nor a
    /// pointer (it needs an unsafe context the generated file does not have).
    /// </summary>
    public static bool HasDeclarableType(IPropertySymbol property)
        => property.Type.TypeKind is not (TypeKind.Error or TypeKind.Pointer or TypeKind.FunctionPointer);

    private static bool IsGenerated(ISymbol symbol)
        => symbol.Locations.Any(l => l.SourceTree is { } tree && tree.FilePath.IndexOf(s_generatedPathMarker, StringComparison.Ordinal) >= 0);
}
