using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using ScSession.Generators.Parsing;

namespace ScSession.Generators.Analyzers;

/// <summary>
/// Model definition diagnostics (SCSN0002–SCSN0007) and secret-looking values (SCSN0101). The model checks
/// come from the generator's own parser (<see cref="SessionModelParser.Analyze"/>): the analyzer
/// reports exactly the reasons the generator skips a model.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SessionModelAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    // SCSN0001 and SCSN0008 are the generator's (they come with compiler errors, which hide analyzer diagnostics).
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InvalidModelShape,
        DiagnosticDescriptors.UnsupportedPropertyType,
        DiagnosticDescriptors.DuplicateKey,
        DiagnosticDescriptors.InvalidKey,
        DiagnosticDescriptors.DuplicateSectionName,
        DiagnosticDescriptors.PropertyNotPartial,
        DiagnosticDescriptors.SensitiveProperty);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var modelAttribute = start.Compilation.GetTypeByMetadataName(TypeNames.SessionModelAttribute);
            if (modelAttribute is null)
            {
                return;
            }

            var sections = new ConcurrentBag<(string Section, string Model, Location Location)>();
            start.RegisterSymbolAction(
                symbolContext =>
                {
                    var model = (INamedTypeSymbol)symbolContext.Symbol;
                    var attributes = model.GetAttributes().Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, modelAttribute)).ToList();
                    if (attributes.Count == 0)
                    {
                        return;
                    }

                    foreach (var problem in Analyze(symbolContext.Compilation, model, symbolContext.CancellationToken))
                    {
                        symbolContext.ReportDiagnostic(problem.ToDiagnostic());
                    }

                    ReportSensitiveProperties(symbolContext, model);
                    ReportPropertiesNotPartial(symbolContext, model);

                    var section = SessionKeys.SectionName(model, attributes, out var nameAttribute, out var nameArgument);
                    var location = nameAttribute?.ApplicationSyntaxReference?.GetSyntax(symbolContext.CancellationToken) is AttributeSyntax { ArgumentList: { } list }
                                   && !string.IsNullOrEmpty(nameArgument)
                        ? list.Arguments.First(a => a.NameEquals?.Name.Identifier.ValueText == TypeNames.SessionModelNameProperty).Expression.GetLocation()
                        : model.Locations.FirstOrDefault() ?? Location.None;
                    sections.Add((section, model.ToDisplayString(), location));
                },
                SymbolKind.NamedType);

            start.RegisterCompilationEndAction(end =>
            {
                foreach (var group in sections.GroupBy(s => s.Section, StringComparer.Ordinal).Where(g => g.Count() > 1))
                {
                    var models = group
                        .OrderBy(m => m.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                        .ThenBy(m => m.Location.SourceSpan.Start)
                        .ToList();
                    for (var i = 0; i < models.Count; i++)
                    {
                        var other = models[i == 0 ? 1 : 0];
                        end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateSectionName, models[i].Location, models[i].Model, other.Model, group.Key));
                    }
                }
            });
        });
    }

    /// <summary>
    /// The parser's problems; none when the parser fails: the generator runs the same parser on the same model and
    /// reports that failure (SCSN0009), so a second report here would only list it twice.
    /// </summary>
    private static IReadOnlyList<ModelProblem> Analyze(Compilation compilation, INamedTypeSymbol model, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            return SessionModelParser.Analyze(compilation, model, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // The generator reports the failure (SCSN0009).
        catch (Exception)
#pragma warning restore CA1031
        {
            return Array.Empty<ModelProblem>();
        }
    }

    private static void ReportSensitiveProperties(SymbolAnalysisContext context, INamedTypeSymbol model)
    {
        foreach (var member in model.GetMembers())
        {
            // The properties the generator stores: public partial get/set properties not [SessionIgnore].
            if (member is not IPropertySymbol property || !ModelProperties.IsImplementedByGenerator(property)
                || HasAttribute(property, TypeNames.SessionIgnoreAttribute))
            {
                continue;
            }

            var key = SessionKeys.WireKey(property, out var keyAttribute);
            var findings = SensitiveDataFinder.Find(property, keyAttribute is null ? null : key);
            if (findings.Count == 0)
            {
                continue;
            }

            var location = property.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(context.CancellationToken))
                .OfType<PropertyDeclarationSyntax>()
                .Select(p => p.Identifier.GetLocation())
                .FirstOrDefault() ?? property.Locations.FirstOrDefault() ?? Location.None;
            foreach (var finding in findings)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.SensitiveProperty, location, finding.Path, model.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), finding.Word));
            }
        }
    }

    /// <summary>
    /// SCSN0007: public auto-properties with a setter (<c>{ get; set; }</c>, <c>{ get; init; }</c>, no bodies) that are not
    /// partial — the likeliest first mistake, which compiles and loses every change. Computed, expression-bodied,
    /// get-only, non-public, static and [SessionIgnore] properties are never reported.
    /// </summary>
    private static void ReportPropertiesNotPartial(SymbolAnalysisContext context, INamedTypeSymbol model)
    {
        foreach (var member in model.GetMembers())
        {
            if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, SetMethod: not null } property
                || property.IsPartialDefinition || property.PartialDefinitionPart is not null
                || HasAttribute(property, TypeNames.SessionIgnoreAttribute))
            {
                continue;
            }

            foreach (var reference in property.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(context.CancellationToken) is PropertyDeclarationSyntax
                    {
                        ExpressionBody: null,
                        AccessorList: { } accessors,
                    } declaration
                    && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null)
                    && !declaration.Modifiers.Any(m => m.ValueText == "partial"))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.PropertyNotPartial,
                        declaration.Identifier.GetLocation(),
                        property.Name,
                        model.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                }
            }
        }
    }

    private static bool HasAttribute(ISymbol symbol, string name)
        => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == name);
}
