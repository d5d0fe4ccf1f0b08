using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ScSession.Generators.Analyzers;

namespace ScSession.Generators.Parsing;

/// <summary>
/// The problems found in one model, and whether any of them makes the generator skip it. The parser adds to it; the
/// generator and the analyzers each take their share of the reports.
/// </summary>
internal sealed class ModelProblemCollector
{
    private readonly List<ModelProblem> _problems = new();

    /// <summary>At least one problem keeps the generator from implementing the model as a session model.</summary>
    public bool SkipsModel { get; private set; }

    /// <summary>A problem that makes the generator skip the model (an error, or a key it cannot emit).</summary>
    public void Skip(DiagnosticDescriptor descriptor, Location location, params object?[] args)
        => Skip(new ModelProblem(descriptor, location, args));

    /// <summary>As <see cref="Skip(DiagnosticDescriptor, Location, object?[])"/>, with properties for a code fix.</summary>
    public void Skip(ModelProblem problem)
    {
        SkipsModel = true;
        _problems.Add(problem);
    }

    /// <summary>
    /// A reason to skip the model that ScSession does not report: a type that does not exist, which the compiler
    /// reports (a second error about it would only be noise).
    /// </summary>
    public void SkipReportedByCompiler() => SkipsModel = true;

    /// <summary>A problem the generator generates anyway (a warning).</summary>
    public void Warn(DiagnosticDescriptor descriptor, Location location, params object?[] args)
        => _problems.Add(new ModelProblem(descriptor, location, args));

    /// <summary>
    /// The problems the generator reports itself (those that come with a compiler error, which would hide an analyzer's
    /// report), as values the pipeline can compare.
    /// </summary>
    public EquatableArray<DiagnosticInfo> ReportedByGenerator()
        => new(_problems.Where(p => DiagnosticDescriptors.IsReportedByGenerator(p.Descriptor.Id)).Select(DiagnosticInfo.From));

    /// <summary>The rest, which the analyzers report.</summary>
    public IReadOnlyList<ModelProblem> ReportedByAnalyzers()
        => _problems.Where(p => !DiagnosticDescriptors.IsReportedByGenerator(p.Descriptor.Id)).ToList();
}
