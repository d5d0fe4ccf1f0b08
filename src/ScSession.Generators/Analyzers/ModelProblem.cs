using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Analyzers;

/// <summary>
/// One reason the parser found while classifying a model: why the generator skips it (an error) or what it
/// generates but warns about. Produced by <see cref="SessionModelGenerator.Parser.Analyze"/> for the analyzers only;
/// never part of the generator's pipeline (it holds a <see cref="Location"/>).
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
