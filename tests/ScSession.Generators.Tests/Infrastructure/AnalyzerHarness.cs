using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ScSession.Generators.Analyzers;

namespace ScSession.Generators.Tests.Infrastructure;

/// <summary>
/// Runs the generator and every ScSession analyzer over source text, offline, as a consumer's build would, and
/// compares ALL diagnostics (compiler ones included) with the expected ones: <c>[|...|]</c> marks where each
/// expected diagnostic starts, in order. Any unexpected diagnostic fails the test.
/// </summary>
internal static class AnalyzerHarness
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
        [new SessionModelAnalyzer(), new SessionOptionsAnalyzer(), new StringKeyedSessionAnalyzer()];

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest, DocumentationMode.Parse);

    /// <summary>Net100 reference assemblies, ScSession and the whole ASP.NET Core shared framework (offline).</summary>
    public static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var aspNetCore = Path.GetDirectoryName(typeof(HttpContext).Assembly.Location)!;
        var referenceNames = Basic.Reference.Assemblies.Net100.References.All.Select(r => Path.GetFileNameWithoutExtension(r.FilePath)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return
        [
            .. Basic.Reference.Assemblies.Net100.References.All,
            MetadataReference.CreateFromFile(typeof(ISessionModel<>).Assembly.Location),
            .. Directory.GetFiles(aspNetCore, "Microsoft.*.dll")
                .Where(f => !referenceNames.Contains(Path.GetFileNameWithoutExtension(f)))
                .Select(f => MetadataReference.CreateFromFile(f)),
        ];
    });

    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 9999);

    /// <summary>
    /// Asserts that generator + analyzers report exactly <paramref name="expected"/> (ID and message, in source
    /// order) at the <c>[|</c> markers of <paramref name="markedSource"/>.
    /// </summary>
    public static async Task VerifyAsync(string markedSource, params (string Id, string Message)[] expected)
    {
        var (source, positions) = ParseMarkers(markedSource);
        Assert.True(positions.Count == expected.Length, $"{positions.Count} markers but {expected.Length} expected diagnostics");
        var text = SourceText.From(source);
        var expectedLines = expected.Select((e, i) =>
        {
            var line = text.Lines.GetLinePosition(positions[i]);
            return $"{e.Id} Input0.cs({line.Line + 1},{line.Character + 1}): {e.Message}";
        });

        var actual = await GetDiagnosticsAsync(source);
        AssertLines(expectedLines, actual.Select(GeneratorHarness.Format));
    }

    /// <summary>Every diagnostic (Info and above) of the compilation with generated code and analyzers, in source order.</summary>
    public static async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(params string[] sources)
    {
        var compilation = CSharpCompilation.Create(
            "ScSession.Analyzers.TestInput",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, s_parseOptions, path: $"Input{i}.cs")),
            References.Value,
            CompilationOptions);
        var driver = CSharpGeneratorDriver.Create([new SessionModelGenerator().AsSourceGenerator()], parseOptions: s_parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out var generatorDiagnostics);
        var run = driver.GetRunResult();
        Assert.True(run.Results.All(r => r.Exception is null), "The generator threw: " + string.Join("\n", run.Results.Select(r => r.Exception)));

        // As a build: the generator's diagnostics (SCSN0001, SCSN0008), then the compiler's and the analyzers' — each once.
        var all = generatorDiagnostics.AddRange(await withGenerated.WithAnalyzers(Analyzers).GetAllDiagnosticsAsync());
        var duplicates = all.Where(d => d.Id.StartsWith("SCSN", StringComparison.Ordinal))
            .GroupBy(d => (d.Id, d.Location.GetLineSpan().Path, d.Location.SourceSpan, d.GetMessage(CultureInfo.InvariantCulture)))
            .Where(g => g.Count() > 1)
            .ToList();
        Assert.True(duplicates.Count == 0, "Reported twice (generator and analyzer): " + string.Join("\n", duplicates.Select(g => g.Key)));
        return [.. all
            .Where(d => d.Severity >= DiagnosticSeverity.Info)
            .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Applies the first code fix that <paramref name="provider"/> offers for the only diagnostic with ID
    /// <paramref name="id"/> and asserts the resulting source.
    /// </summary>
    public static async Task VerifyCodeFixAsync(CodeFixProvider provider, string id, string before, string after)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Fix", "Fix", LanguageNames.CSharp,
            compilationOptions: CompilationOptions, parseOptions: s_parseOptions, metadataReferences: References.Value));
        var document = workspace.AddDocument(project.Id, "Input0.cs", SourceText.From(before));

        var diagnostics = await ScsnDiagnosticsAsync(document.Project);
        var diagnostic = Assert.Single(diagnostics, d => d.Id == id);

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        var action = Assert.Single(actions);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        var text = (await changed.GetTextAsync()).ToString();
        AssertLines(after.ReplaceLineEndings("\n").Split('\n'), text.ReplaceLineEndings("\n").Split('\n'));

        // The fix fixes: the diagnostic is gone and nothing new appeared.
        var remaining = (await ScsnDiagnosticsAsync(changed.Project)).Where(d => d.Id == id);
        Assert.Empty(remaining);
    }

    /// <summary>How many code fixes <paramref name="provider"/> offers for the only diagnostic with ID <paramref name="id"/>.</summary>
    public static async Task<int> CodeFixesOfferedAsync(CodeFixProvider provider, string id, string source)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Fix", "Fix", LanguageNames.CSharp,
            compilationOptions: CompilationOptions, parseOptions: s_parseOptions, metadataReferences: References.Value));
        var document = workspace.AddDocument(project.Id, "Input0.cs", SourceText.From(source));
        var diagnostic = Assert.Single(await ScsnDiagnosticsAsync(document.Project), d => d.Id == id);
        var offered = 0;
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (_, _) => offered++, CancellationToken.None));
        return offered;
    }

    /// <summary>The SCSN diagnostics of a project as the IDE shows them: the generator's and the analyzers'.</summary>
    private static async Task<ImmutableArray<Diagnostic>> ScsnDiagnosticsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        CSharpGeneratorDriver.Create([new SessionModelGenerator().AsSourceGenerator()], parseOptions: s_parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out var generatorDiagnostics);
        var analyzerDiagnostics = await withGenerated.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync();
        return generatorDiagnostics.AddRange(analyzerDiagnostics);
    }

    private static (string Source, List<int> Positions) ParseMarkers(string marked)
    {
        var builder = new StringBuilder();
        var positions = new List<int>();
        for (var i = 0; i < marked.Length; i++)
        {
            if (string.CompareOrdinal(marked, i, "[|", 0, 2) == 0)
            {
                positions.Add(builder.Length);
                i++;
            }
            else if (string.CompareOrdinal(marked, i, "|]", 0, 2) == 0)
            {
                i++;
            }
            else
            {
                builder.Append(marked[i]);
            }
        }

        return (builder.ToString(), positions);
    }

    private static void AssertLines(IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = string.Join("\n", expected);
        var a = string.Join("\n", actual);
        Assert.True(e == a, $"Expected:\n{e}\n\nActual:\n{a}");
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
