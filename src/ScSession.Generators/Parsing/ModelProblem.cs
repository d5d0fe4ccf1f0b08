using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Parsing;

/// <summary>
/// One reason the parser found while classifying a model: why the generator skips it (an error) or what it generates
/// but warns about. The analyzers report these; the generator turns the few it reports itself into
/// <see cref="DiagnosticInfo"/> values. Never part of the pipeline's models (it holds a <see cref="Location"/>).
/// </summary>
internal sealed record ModelProblem(
    DiagnosticDescriptor Descriptor,
    Location Location,
    object?[] Args,
    ImmutableDictionary<string, string?>? Properties = null)
{
    /// <summary>SCSN0004: the key the code fix renames the duplicate to.</summary>
    public const string SuggestedKeyProperty = "SuggestedKey";

    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location, Properties, Args);
}
