using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ScSession.Generators.Analyzers;
using ScSession.Generators.Parsing;

namespace ScSession.Generators;

/// <summary>
/// A diagnostic the generator reports, held by value in the pipeline: the descriptor's ID, where (a file path and a
/// span, not a <see cref="Location"/>, which would root a syntax tree) and the message arguments.
/// </summary>
internal readonly record struct DiagnosticInfo(string Id, string FilePath, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Arguments)
{
    /// <summary>A problem the parser found, as a value.</summary>
    public static DiagnosticInfo From(ModelProblem problem)
    {
        var location = problem.Location;
        var lineSpan = location.GetLineSpan();
        return new DiagnosticInfo(
            problem.Descriptor.Id,
            lineSpan.Path ?? string.Empty,
            location.SourceSpan,
            lineSpan.Span,
            new EquatableArray<string>(System.Linq.Enumerable.Select(problem.Args, a => a?.ToString() ?? string.Empty)));
    }

    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(
            DiagnosticDescriptors.ById(Id),
            FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, LineSpan),
            System.Linq.Enumerable.ToArray<object?>(Arguments));
}
