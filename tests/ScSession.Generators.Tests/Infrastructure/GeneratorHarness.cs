using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ScSession.Generators.Tests.Infrastructure;

/// <summary>Runs <see cref="SessionModelGenerator"/> over source text, as a consumer's build would.</summary>
internal static class GeneratorHarness
{
    /// <summary>
    /// Parse options of a consumer that builds with <c>GenerateDocumentationFile</c>: missing XML docs on public
    /// members (CS1591) are reported.
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        var aspNetCore = Path.GetDirectoryName(typeof(HttpContext).Assembly.Location)!;
        return
        [
            .. Basic.Reference.Assemblies.Net100.References.All,
            MetadataReference.CreateFromFile(typeof(ISessionModel<>).Assembly.Location),
            MetadataReference.CreateFromFile(Path.Combine(aspNetCore, "Microsoft.AspNetCore.Http.Abstractions.dll")),
            MetadataReference.CreateFromFile(Path.Combine(aspNetCore, "Microsoft.AspNetCore.Http.Features.dll")),
            MetadataReference.CreateFromFile(Path.Combine(aspNetCore, "Microsoft.Extensions.Features.dll")),
        ];
    });

    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CSharpCompilation.Create(
            "ScSession.Generators.TestInput",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Input{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Default,
                warningLevel: 9999)); // every warning wave, as the SDK with AnalysisLevel=latest

    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            [new SessionModelGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator and returns its files and the compilation that includes them.</summary>
    public static GeneratorOutput Run(params string[] sources)
    {
        var compilation = CreateCompilation(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult();
        var files = result.Results
            .SelectMany(r => r.GeneratedSources)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .ToList();
        var exceptions = result.Results.Where(r => r.Exception is not null).Select(r => r.Exception!).ToList();
        return new GeneratorOutput(files, output, generatorDiagnostics, exceptions); // the same list as result.Diagnostics
    }

    /// <summary>Fails on any generator exception and any diagnostic (warnings and infos included) of the final compilation.</summary>
    public static GeneratorOutput RunAndAssertClean(params string[] sources)
    {
        var output = Run(sources);
        output.AssertNoGeneratorProblems();
        var diagnostics = output.Compilation.GetDiagnostics().Where(d => d.Severity > DiagnosticSeverity.Hidden).ToList();
        Assert.True(diagnostics.Count == 0, "The compilation with the generated code has diagnostics:\n" + string.Join("\n", diagnostics.Select(Format)));
        return output;
    }

    public static string Format(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var file = diagnostic.Location.SourceTree?.FilePath ?? span.Path ?? ""; // the generator's own diagnostics carry a path, not a tree
        return $"{diagnostic.Id} {Path.GetFileName(file)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}

internal sealed record GeneratorOutput(
    IReadOnlyList<(string HintName, string Source)> Files,
    Compilation Compilation,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    IReadOnlyList<Exception> Exceptions)
{
    public void AssertNoGeneratorProblems(params string[] reportedIds)
    {
        Assert.True(Exceptions.Count == 0, "The generator threw: " + string.Join("\n", Exceptions));
        Assert.True(
            GeneratorDiagnostics.Select(d => d.Id).SequenceEqual(reportedIds),
            $"The generator reported [{string.Join(", ", GeneratorDiagnostics.Select(d => d.Id))}], expected [{string.Join(", ", reportedIds)}]:\n"
            + string.Join("\n", GeneratorDiagnostics.Select(GeneratorHarness.Format)));
    }
}
