using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using ScSession.Generators;

namespace ScSession.Docs.Tests;

/// <summary>How a snippet is compiled.</summary>
public enum SnippetKind
{
    /// <summary>Top-level statements (with or without types after them): compiled as the application's Program.cs.</summary>
    Program,

    /// <summary>Only type declarations (and usings): compiled as one more file of a library.</summary>
    Declarations,
}

/// <summary>What compiling one snippet gave: the problems, each located by its line in the Markdown file.</summary>
public sealed record SnippetResult(SnippetKind Kind, IReadOnlyList<string> Problems);

/// <summary>
/// Compiles a snippet as the package's consumer would: against the built ScSession, ScSession.Redis,
/// ScSession.Postgres and ScSession.Testing assemblies and the ASP.NET Core shared framework, with
/// <see cref="SnippetPrelude"/>, and with ScSession's source generator and analyzers running.
/// </summary>
internal static class SnippetCompiler
{
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    /// <summary>Assemblies the snippets may use besides the frameworks: the packages and what they bring.</summary>
    private static readonly string[] s_packageAssemblies =
    [
        "ScSession.dll", "ScSession.Redis.dll", "ScSession.Postgres.dll", "ScSession.Testing.dll",
        "StackExchange.Redis.dll", "Npgsql.dll",
        // A test project's own references, for snippets that show a test.
        "Microsoft.AspNetCore.Mvc.Testing.dll", "Microsoft.AspNetCore.TestHost.dll",
        "xunit.core.dll", "xunit.assert.dll", "xunit.abstractions.dll",
    ];

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        // The ASP.NET Core shared framework this test runs on: the same assemblies a web project compiles against.
        var aspNetCore = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!;
        return
        [
            .. Basic.Reference.Assemblies.Net100.References.All,
            .. Directory.GetFiles(aspNetCore, "*.dll").Select(f => MetadataReference.CreateFromFile(f)),
            .. s_packageAssemblies.Select(f => MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, f))),
        ];
    });

    private static readonly Assembly s_generatorAssembly = typeof(SessionModelGenerator).Assembly;

    /// <summary>Every source generator the ScSession package ships, found as the compiler finds them.</summary>
    private static readonly ImmutableArray<ISourceGenerator> s_generators =
    [
        .. s_generatorAssembly.GetTypes()
            .Where(t => t.GetCustomAttribute<GeneratorAttribute>() is not null)
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator()),
    ];

    /// <summary>Every analyzer the ScSession package ships.</summary>
    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers =
    [
        .. s_generatorAssembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    public static async Task<SnippetResult> CompileAsync(CodeBlock block)
    {
        var snippetPath = block.File;
        var snippet = CSharpSyntaxTree.ParseText(block.Code, s_parseOptions, path: snippetPath);
        var kind = ((CompilationUnitSyntax)snippet.GetRoot()).Members.Any(m => m is GlobalStatementSyntax)
            ? SnippetKind.Program
            : SnippetKind.Declarations;
        var compilation = CSharpCompilation.Create(
            "DocsSnippet",
            [CSharpSyntaxTree.ParseText(SnippetPrelude.Source, s_parseOptions, path: SnippetPrelude.FileName), snippet],
            s_references.Value,
            new CSharpCompilationOptions(
                kind == SnippetKind.Program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                // As the SDK does (NoWarn CS1701;CS1702): test libraries built for older frameworks unify silently.
                specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

        CSharpGeneratorDriver.Create(s_generators, parseOptions: s_parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);
        var diagnostics = await generated.WithAnalyzers(s_analyzers).GetAllDiagnosticsAsync();

        var problems = generatorDiagnostics.Concat(diagnostics)
            .Where(IsProblem)
            .Distinct()
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => Describe(d, block))
            .ToList();
        return new SnippetResult(kind, problems);
    }

    /// <summary>
    /// Errors, every warning, and every ScSession diagnostic (SCSN0104 is an info): what a reader who pastes the
    /// snippet would see in a project that builds with warnings as errors.
    /// </summary>
    private static bool IsProblem(Diagnostic diagnostic)
        => diagnostic.Severity >= DiagnosticSeverity.Warning
           || (diagnostic.Id.StartsWith("SCSN", StringComparison.Ordinal) && diagnostic.Severity > DiagnosticSeverity.Hidden);

    private static string Describe(Diagnostic diagnostic, CodeBlock block)
    {
        var span = diagnostic.Location.GetLineSpan();
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        // The generator's own diagnostics carry a path and a span, not a syntax tree.
        var where = span.Path == block.File
            ? $"{block.File}:{block.FirstLine + span.StartLinePosition.Line}"
            : span.IsValid ? $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1})" : "(no location)";
        return $"{where}: {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {message}";
    }
}
