using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ScSession.Generators.Analyzers;

namespace ScSession.Generators.Parsing;

/// <summary>
/// Turns a <c>[SessionModel]</c> class into what the generator emits and what the analyzers report, in one pass
/// that both run, so that the two always agree: a <see cref="SessionModelSpec"/> for a model it supports, a
/// <see cref="PartialImplementationSpec"/> for one it skips, and the <see cref="ModelProblem"/>s that say why.
/// </summary>
internal sealed class SessionModelParser
{
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _model;
    private readonly CancellationToken _cancellationToken;
    private readonly ModelProblemCollector _problems = new();

    private SessionModelParser(Compilation compilation, INamedTypeSymbol model, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _model = model;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// The generator's entry point: the spec of a supported model; for a model it cannot support but whose partial
    /// properties it can still implement, a <see cref="PartialImplementationSpec"/> (so that the consumer sees the
    /// SCSN error and not a cascade of CS9248); and the problems the generator reports itself. Null when there is
    /// nothing to emit or report.
    /// </summary>
    public static ParsedModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol model)
        {
            return null;
        }

        var parser = new SessionModelParser(context.SemanticModel.Compilation, model, cancellationToken);
        var parsed = parser.ParseModel(context.Attributes);
        var diagnostics = parser._problems.ReportedByGenerator();
        return parsed is null
            ? diagnostics.Count == 0 ? null : new ParsedModel(null, null, diagnostics)
            : parsed with { Diagnostics = diagnostics };
    }

    /// <summary>
    /// The analyzers' entry point: why the generator skips this model (errors) and what it generates but warns
    /// about (key warnings), less what the generator reports itself.
    /// </summary>
    public static IReadOnlyList<ModelProblem> Analyze(Compilation compilation, INamedTypeSymbol model, CancellationToken cancellationToken)
    {
        var parser = new SessionModelParser(compilation, model, cancellationToken);
        parser.ParseModel(model.GetAttributes().Where(a => AttributeLookup.Is(a, TypeNames.SessionModelAttribute)));
        return parser._problems.ReportedByAnalyzers();
    }

    private ParsedModel? ParseModel(IEnumerable<AttributeData> attributes)
    {
        var modelName = _model.ToDisplayString(SymbolText.Display);
        var canHoldImplementation = ModelShape.Check(_model, modelName, _problems, _cancellationToken);
        var sectionName = CheckedSectionName(attributes, modelName);

        var types = new TypeClassifier(_compilation, _model, _cancellationToken);
        var properties = new PropertyParser(modelName, types, _problems, _cancellationToken);
        foreach (var member in _model.GetMembers())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            properties.Add(member);
        }

        var hierarchy = ModelHierarchy.Of(_model);
        if (_problems.SkipsModel)
        {
            // Only the SCSN errors should show: implement the partial properties over plain fields (no
            // ISessionModel) when the declarations allow a second partial part at all.
            return canHoldImplementation && properties.CanImplementAny
                ? new ParsedModel(null, new PartialImplementationSpec(
                    hierarchy.HintName,
                    hierarchy.Namespace,
                    new EquatableArray<ContainingTypeSpec>(hierarchy.ContainingTypesWithTypeParameters),
                    SymbolText.Keyword(_model),
                    SymbolText.Identifier(_model.Name) + SymbolText.TypeParameterList(_model),
                    new EquatableArray<PartialPropertySpec>(properties.ImplementedProperties())), default)
                : null;
        }

        return new ParsedModel(new SessionModelSpec(
            hierarchy.HintName,
            hierarchy.Namespace,
            new EquatableArray<ContainingTypeSpec>(hierarchy.ContainingTypes),
            SymbolText.Keyword(_model),
            SymbolText.Identifier(_model.Name),
            _model.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            _model.Name,
            sectionName,
            _compilation.GetTypeByMetadataName(TypeNames.HttpContextMetadataName) is not null,
            new EquatableArray<ModelPropertySpec>(properties.Stored),
            new EquatableArray<EnumSpec>(types.Enums),
            new EquatableArray<ObjectSpec>(types.Objects),
            SessionKeys.Concurrency(attributes)), null, default);
    }

    /// <summary>The section name, after SCSN0005 on a poor <c>[SessionModel(Name = ...)]</c> (stored anyway).</summary>
    private string CheckedSectionName(IEnumerable<AttributeData> attributes, string modelName)
    {
        var sectionName = SessionKeys.SectionName(_model, attributes, out var nameAttribute, out var nameArgument);
        if (nameArgument is not null && SessionKeys.ProblemOf(nameArgument) is { } problem)
        {
            var location = SourceLocations.NamedArgument(nameAttribute!, TypeNames.SessionModelNameProperty, _cancellationToken)
                           ?? SourceLocations.Identifier(_model, _cancellationToken);
            _problems.Warn(DiagnosticDescriptors.InvalidKey, location,
                SessionKeys.Printable(nameArgument), DiagnosticDescriptors.KeySubject(modelName, property: null), DiagnosticDescriptors.Describe(problem));
        }

        return sectionName;
    }
}
