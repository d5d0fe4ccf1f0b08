using Microsoft.CodeAnalysis;
using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests.Analyzers;

/// <summary>
/// The generator and the analyzers agree: every model the generator skips is reported by an SCSN diagnostic, and
/// the consumer sees only that diagnostic — no cascade of CS9248 ("partial property must have an implementation
/// part"), because the generator still implements the partial properties of a model it cannot support.
/// </summary>
public sealed class AgreementTests
{
    private const string ValidModel = """
        namespace Valid
        {
            [ScSession.SessionModel]
            public partial class Fine
            {
                public partial int Count { get; set; }
            }
        }
        """;

    /// <summary>Compiler errors that no generator can avoid, by scenario.</summary>
    private static readonly Dictionary<string, string[]> s_unavoidable = new()
    {
        // The compiler reports the unknown type itself; SCSN0003 would only repeat it.
        ["missing type"] = ["CS0246", "CS9248"],
        // A second part of Broken cannot be generated inside a non-partial Outer (documented in SCSN0001.md).
        ["nested in a non-partial type"] = ["CS9248"],
    };

    public static TheoryData<string, string> BrokenModels => UnsupportedInputTests.BrokenModels;

    [Theory]
    [MemberData(nameof(BrokenModels))]
    public async Task Only_the_analyzer_reports_a_model_the_generator_skips(string scenario, string broken)
    {
        var diagnostics = await AnalyzerHarness.GetDiagnosticsAsync(ValidModel, "using ScSession;\n\nnamespace Bad;\n\n" + broken);
        var unavoidable = s_unavoidable.GetValueOrDefault(scenario, []);
        var unexpected = diagnostics.Where(d => !d.Id.StartsWith("SCSN", StringComparison.Ordinal) && !unavoidable.Contains(d.Id)).ToList();

        Assert.True(unexpected.Count == 0, $"{scenario}: " + string.Join("\n", diagnostics.Select(GeneratorHarness.Format)));
        if (scenario != "missing type")
        {
            Assert.True(
                diagnostics.Any(d => d.Id.StartsWith("SCSN", StringComparison.Ordinal) && d.Location.GetLineSpan().Path == "Input1.cs"),
                $"{scenario}: the generator skips the model but no analyzer reports it");
        }

        // The generated code itself is never the source of a diagnostic.
        Assert.DoesNotContain(diagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_broken_model_with_many_partial_properties_shows_only_SCSN_errors()
    {
        var diagnostics = await AnalyzerHarness.GetDiagnosticsAsync("""
            using System.Collections.Generic;
            using ScSession;

            namespace Bad;

            [SessionModel]
            public partial class Broken<T>
            {
                public partial System.IO.Stream Body { get; set; }
                public partial string Name { get; set; }
                public partial List<T> Items { get; set; }
                public partial int? Count { get; private set; }
                public virtual partial string? Note { get; init; }
                [SessionKey("name")] public partial string Other { get; set; }
            }
            """);

        Assert.Equal(
            ["SCSN0002", "SCSN0003", "SCSN0003", "SCSN0008", "SCSN0004"],
            diagnostics.Select(d => d.Id));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }
}
