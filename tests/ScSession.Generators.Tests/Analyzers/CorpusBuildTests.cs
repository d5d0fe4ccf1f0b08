using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ScSession.Generators.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScSession.Generators.Tests.Analyzers;

/// <summary>
/// The corpus (tests/ScSession.Generators.Tests/Corpus, docs/diagnostics/README.md): realistic snippets, each declaring
/// the SCSN diagnostics it must get (<c>// expect: SCSN0101 SCSN0101</c> or <c>// expect: none</c>), built the way a
/// user builds: one <c>dotnet build</c> of temporary web projects, read back from the compiler's SARIF error log (so
/// info-level IDs count). Snippets without compiler errors share one project, one file each; a snippet marked
/// <c>// own-project: true</c> causes compiler errors (which hide every analyzer diagnostic of its compilation) and
/// gets a project of its own. Every unsafe snippet must get exactly its IDs, every safe snippet none.
/// </summary>
[Collection(DotnetBuild.Collection)]
public sealed partial class CorpusBuildTests(ITestOutputHelper output)
{
    private const string SharedProject = "Corpus.Shared";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Every_unsafe_snippet_gets_exactly_its_IDs_and_no_safe_snippet_gets_any()
    {
        var stopwatch = Stopwatch.StartNew();
        var snippets = Snippet.LoadAll(Path.Combine(DotnetBuild.RepositoryRoot, "tests", "ScSession.Generators.Tests", "Corpus"));
        Assert.True(snippets.Count >= 40, $"The corpus should hold at least 40 snippets, found {snippets.Count}.");

        var scratch = Path.Combine(Path.GetTempPath(), "scsn-corpus-" + Guid.NewGuid().ToString("N"));
        try
        {
            var projects = WriteProjects(scratch, snippets);
            var solution = Path.Combine(scratch, "Corpus.slnx");
            File.WriteAllText(solution, "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p.Name}/{p.Name}.csproj\" />\n")) + "</Solution>\n");

            var build = await DotnetBuild.RunAsync(solution, [], s_timeout);

            var score = ScoreAll(snippets, projects, build);
            stopwatch.Stop();
            output.WriteLine(score.Summary);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dotnet build of {projects.Count} projects: {build.Elapsed.TotalSeconds:0.0} s wall; the whole test: {stopwatch.Elapsed.TotalSeconds:0.0} s"));
            output.WriteLine("");
            output.WriteLine(score.Table);

            Assert.True(score.Problems.Length == 0, score.Summary + "\n\n" + score.Problems);
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("SCSESSION_KEEP_CORPUS") == "1")
            {
                output.WriteLine("The corpus projects are kept in " + scratch);
            }
            else if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>The shared project (every snippet without compiler errors) and one project per own-project snippet.</summary>
    private static List<CorpusProject> WriteProjects(string scratch, IReadOnlyList<Snippet> snippets)
    {
        var projects = new List<CorpusProject> { new(SharedProject, scratch, snippets.Where(s => !s.OwnProject).ToList()) };
        projects.AddRange(snippets.Where(s => s.OwnProject).Select(s => new CorpusProject("Corpus.Own." + PascalCase(s.Name), scratch, [s])));
        Directory.CreateDirectory(Path.Combine(scratch, "logs"));

        var core = Path.Combine(DotnetBuild.RepositoryRoot, "src", "ScSession.Core", "ScSession.Core.csproj");
        var generators = Path.Combine(DotnetBuild.RepositoryRoot, "src", "ScSession.Generators", "ScSession.Generators.csproj");
        foreach (var project in projects)
        {
            Directory.CreateDirectory(project.Directory);
            File.WriteAllText(Path.Combine(project.Directory, project.Name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                    <ErrorLog>{project.ErrorLog},version=2.1</ErrorLog>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{core}" />
                    <ProjectReference Include="{generators}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  </ItemGroup>
                </Project>

                """);
            File.WriteAllText(Path.Combine(project.Directory, "Program.cs"), """
                // The entry point of a corpus project (CorpusBuildTests); the snippets are the other files.
                var app = WebApplication.CreateBuilder(args).Build();
                app.Run();

                """);
            foreach (var snippet in project.Snippets)
            {
                File.WriteAllText(project.PathOf(snippet), snippet.Source);
            }
        }

        return projects;
    }

    private static Score ScoreAll(IReadOnlyList<Snippet> snippets, IReadOnlyList<CorpusProject> projects, BuildResult build)
    {
        var reported = snippets.ToDictionary(s => s, _ => new List<SarifResult>());
        var unbuilt = new HashSet<Snippet>();
        var problems = new StringBuilder();
        var notes = new List<string>();
        foreach (var project in projects)
        {
            if (!File.Exists(project.ErrorLog))
            {
                unbuilt.UnionWith(project.Snippets);
                problems.AppendLine($"No SARIF error log for {project.Name}: the compiler did not run.");
                continue;
            }

            var byPath = project.Snippets.ToDictionary(s => Path.GetFullPath(project.PathOf(s)), s => s, StringComparer.Ordinal);
            var compilerErrors = new List<SarifResult>();
            foreach (var result in SarifResult.ReadAll(project.ErrorLog))
            {
                var snippet = result.Path is null ? null : byPath.GetValueOrDefault(Path.GetFullPath(result.Path));
                if (result.RuleId.StartsWith("SCSN", StringComparison.Ordinal))
                {
                    if (snippet is null)
                    {
                        problems.AppendLine($"{project.Name}: {result} is not in any snippet.");
                    }
                    else
                    {
                        reported[snippet].Add(result);
                    }
                }
                else if (result.Level == "error")
                {
                    compilerErrors.Add(result);
                }
            }

            // A compiler error hides every analyzer diagnostic of its compilation: in the shared project that would
            // silence the whole corpus. Own projects have them by design; they are listed, not scored.
            if (project.Name != SharedProject)
            {
                notes.AddRange(compilerErrors.Select(e => "  " + e));
            }
            else if (compilerErrors.Count > 0)
            {
                problems.AppendLine("Compiler errors in the shared project hide every analyzer diagnostic: fix the snippet, or mark it '// own-project: true'.");
                foreach (var error in compilerErrors)
                {
                    problems.AppendLine("  " + error);
                }
            }
        }

        var rows = new List<string[]> { new[] { "snippet", "expected", "reported", "" } };
        var mismatches = new List<string[]> { rows[0] };
        var details = new List<string>();
        var safeClean = 0;
        var unsafeRight = 0;
        foreach (var snippet in snippets)
        {
            var ids = reported[snippet].Select(r => r.RuleId).Order(StringComparer.Ordinal).ToList();
            var missingMessages = snippet.ExpectedMessages
                .Where(m => !reported[snippet].Any(r => r.Message.Contains(m, StringComparison.Ordinal)))
                .ToList();
            var right = !unbuilt.Contains(snippet) && ids.SequenceEqual(snippet.Expected) && missingMessages.Count == 0;
            if (right && snippet.Expected.Count == 0)
            {
                safeClean++;
            }
            else if (right)
            {
                unsafeRight++;
            }

            var note = right ? "ok" : unbuilt.Contains(snippet) ? "NOT BUILT"
                : missingMessages.Count > 0 && ids.SequenceEqual(snippet.Expected)
                ? "no message with " + string.Join(", ", missingMessages.Select(m => "'" + m + "'"))
                : "MISMATCH";
            var row = new[] { snippet.FileName + (snippet.OwnProject ? " (own project)" : ""), List(snippet.Expected), List(ids), note };
            rows.Add(row);
            if (!right)
            {
                mismatches.Add(row);
                details.AddRange(reported[snippet].Select(r => "  " + r));
            }
        }

        var safe = snippets.Count(s => s.Expected.Count == 0);
        var summary = $"Corpus: {snippets.Count} snippets ({safe} safe, {snippets.Count - safe} unsafe, {snippets.Count(s => s.OwnProject)} in projects of their own). "
                      + $"Unsafe flagged with exactly their IDs: {unsafeRight}/{snippets.Count - safe}. Safe with no SCSN diagnostic: {safeClean}/{safe}.";
        if (mismatches.Count > 1)
        {
            var got = details.Count == 0 ? "" : "\n\nWhat the mismatched snippets got:\n" + string.Join("\n", details);
            problems.Insert(0, Table(mismatches) + got + "\n\n");
        }

        if (unbuilt.Count > 0)
        {
            problems.AppendLine("dotnet build:").AppendLine(build.Output);
        }

        var table = Table(rows);
        if (notes.Count > 0)
        {
            table += "\n\nCompiler errors of the snippets in projects of their own (not scored):\n" + string.Join("\n", notes);
        }

        return new Score(summary, table, problems.ToString());
    }

    private static string List(IReadOnlyList<string> ids) => ids.Count == 0 ? "-" : string.Join(" ", ids);

    private static string Table(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length - 1).Select(c => rows.Max(r => r[c].Length)).ToArray();
        return string.Join("\n", rows.Select(r => string.Join("  ", r.Select((cell, c) => c < widths.Length ? cell.PadRight(widths[c]) : cell)).TrimEnd()));
    }

    private static string PascalCase(string name)
        => string.Concat(name.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private sealed record Score(string Summary, string Table, string Problems);

    private sealed class CorpusProject(string name, string scratch, IReadOnlyList<Snippet> snippets)
    {
        public string Name { get; } = name;

        public string Directory { get; } = Path.Combine(scratch, name);

        public string ErrorLog { get; } = Path.Combine(scratch, "logs", name + ".sarif");

        public IReadOnlyList<Snippet> Snippets { get; } = snippets;

        public string PathOf(Snippet snippet) => Path.Combine(Directory, snippet.FileName);
    }

    /// <summary>
    /// One corpus file. Its leading comment lines hold the expectation: <c>// expect: none</c> or the multiset of IDs
    /// (<c>// expect: SCSN0101 SCSN0101</c>), optionally <c>// expect-message: Cards[].Cvv</c> (text one of its SCSN
    /// messages must contain) and <c>// own-project: true</c> (it causes compiler errors: build it alone).
    /// </summary>
    private sealed partial record Snippet(string FileName, string Source, IReadOnlyList<string> Expected, IReadOnlyList<string> ExpectedMessages, bool OwnProject)
    {
        public string Name => Path.GetFileNameWithoutExtension(FileName);

        public static IReadOnlyList<Snippet> LoadAll(string folder)
            => Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal).Select(Load).ToList();

        private static Snippet Load(string path)
        {
            var source = File.ReadAllText(path);
            var fileName = Path.GetFileName(path);
            List<string>? expected = null;
            var messages = new List<string>();
            var ownProject = false;
            foreach (var line in source.Split('\n').Select(l => l.Trim()).TakeWhile(l => l.StartsWith("//", StringComparison.Ordinal)))
            {
                var text = line[2..].Trim();
                if (text.StartsWith("expect:", StringComparison.Ordinal))
                {
                    Assert.True(expected is null, $"{fileName}: more than one '// expect:' line.");
                    var ids = text["expect:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    expected = ids is ["none"] ? [] : ids.Order(StringComparer.Ordinal).ToList();
                    Assert.True(expected.All(id => DiagnosticId().IsMatch(id)) && ids.Length > 0, $"{fileName}: '// expect:' takes 'none' or SCSN IDs, not '{text}'.");
                }
                else if (text.StartsWith("expect-message:", StringComparison.Ordinal))
                {
                    messages.Add(text["expect-message:".Length..].Trim());
                }
                else if (text.StartsWith("own-project:", StringComparison.Ordinal))
                {
                    ownProject = bool.Parse(text["own-project:".Length..].Trim());
                }
            }

            Assert.True(expected is not null, $"{fileName}: no '// expect: ...' line in the leading comment.");
            return new Snippet(fileName, source, expected, messages, ownProject);
        }

        [GeneratedRegex("^SCSN[0-9]{4}$")]
        private static partial Regex DiagnosticId();
    }

    /// <summary>One result of a SARIF 2.1 log written by csc (<c>ErrorLog</c> with <c>version=2.1</c>).</summary>
    private sealed record SarifResult(string RuleId, string Level, string Message, string? Path, int Line)
    {
        /// <summary>Every result not suppressed in source (<c>#pragma warning disable</c>, <c>[SuppressMessage]</c>).</summary>
        public static IEnumerable<SarifResult> ReadAll(string errorLog)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(errorLog));
            var results = new List<SarifResult>();
            foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
            {
                if (!run.TryGetProperty("results", out var runResults))
                {
                    continue;
                }

                foreach (var result in runResults.EnumerateArray())
                {
                    if (result.TryGetProperty("suppressions", out var suppressions) && suppressions.GetArrayLength() > 0)
                    {
                        continue;
                    }

                    string? path = null;
                    var line = 0;
                    if (result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0
                        && locations[0].TryGetProperty("physicalLocation", out var physical))
                    {
                        if (physical.TryGetProperty("artifactLocation", out var artifact) && artifact.TryGetProperty("uri", out var uri))
                        {
                            path = new Uri(uri.GetString()!).LocalPath;
                        }

                        if (physical.TryGetProperty("region", out var region) && region.TryGetProperty("startLine", out var startLine))
                        {
                            line = startLine.GetInt32();
                        }
                    }

                    results.Add(new SarifResult(
                        result.GetProperty("ruleId").GetString()!,
                        result.TryGetProperty("level", out var level) ? level.GetString()! : "warning",
                        result.TryGetProperty("message", out var message) && message.TryGetProperty("text", out var text) ? text.GetString()! : "",
                        path,
                        line));
                }
            }

            return results;
        }

        public override string ToString()
            => $"{RuleId} ({(Path is null ? "no location" : System.IO.Path.GetFileName(Path) + ":" + Line.ToString(CultureInfo.InvariantCulture))}): {Message}";
    }
}
