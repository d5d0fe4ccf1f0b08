using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ScSession.Generators;

namespace ScSession.Benchmarks;

/// <summary>
/// Group 3: the source generator on a compilation with 200 models (one file each): a cold run (new driver, new
/// compilation) and a run after an unrelated edit (a warm driver; every tracked step must be cached), beside two
/// floors after the same edit (<see cref="GeneratorFloors"/>): what Roslyn costs before ScSession's parser does anything.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("generator")]
public class GeneratorBenchmarks
{
    public const int ModelCount = 200;
    /// <summary>The generator's own steps, found (its internal <c>TrackingNames</c> constants), not listed by hand.</summary>
    private static readonly string[] s_trackingNames = [.. typeof(SessionModelGenerator).Assembly
        .GetType("ScSession.Generators.TrackingNames", throwOnError: true)!
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)];
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private ImmutableArray<SyntaxTree> _trees;
    private ImmutableArray<MetadataReference> _references;
    private GeneratorDriver _warmDriver = null!;
    private GeneratorDriver _findOnlyDriver = null!;
    private GeneratorDriver _bindOnlyDriver = null!;
    private CSharpCompilation _warmCompilation = null!;
    private SyntaxTree _unrelated = null!;

    [GlobalSetup]
    public void Setup()
    {
        var aspNetCore = Path.GetDirectoryName(typeof(HttpContext).Assembly.Location)!;
        _references =
        [
            .. Basic.Reference.Assemblies.Net100.References.All,
            MetadataReference.CreateFromFile(typeof(ISessionModel<>).Assembly.Location),
            MetadataReference.CreateFromFile(Path.Combine(aspNetCore, "Microsoft.AspNetCore.Http.Abstractions.dll")),
            MetadataReference.CreateFromFile(Path.Combine(aspNetCore, "Microsoft.AspNetCore.Http.Features.dll")),
            MetadataReference.CreateFromFile(Path.Combine(aspNetCore, "Microsoft.Extensions.Features.dll")),
        ];
        _trees = [.. Enumerable.Range(0, ModelCount).Select(i => CSharpSyntaxTree.ParseText(ModelSource(i), s_parseOptions, path: $"Model{i}.cs"))];
        _unrelated = CSharpSyntaxTree.ParseText("namespace Other;\n\npublic sealed class Unrelated\n{\n    public int X { get; set; }\n}\n", s_parseOptions, path: "Unrelated.cs");

        _warmCompilation = NewCompilation();
        _warmDriver = NewDriver().RunGenerators(_warmCompilation);
        var cold = _warmDriver.GetRunResult();
        if (cold.Results.Single().GeneratedSources.Length != ModelCount || cold.Diagnostics.Length != 0)
        {
            throw new InvalidOperationException($"Expected {ModelCount} generated files and no diagnostics.");
        }

        var errors = _warmCompilation.AddSyntaxTrees(cold.GeneratedTrees).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The generated code does not compile: " + errors[0]);
        }

        AssertAllCached(_warmDriver.RunGenerators(_warmCompilation.AddSyntaxTrees(_unrelated)).GetRunResult());
        _findOnlyDriver = NewDriver(new GeneratorFloors.FindModelsOnly()).RunGenerators(_warmCompilation);
        _bindOnlyDriver = NewDriver(new GeneratorFloors.BindModelsOnly()).RunGenerators(_warmCompilation);
    }

    /// <summary>Prints the reasons of every tracked step after an unrelated edit, and fails unless all are cached.</summary>
    public static void AssertAllCached(GeneratorDriverRunResult run)
    {
        var result = run.Results.Single();
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in s_trackingNames)
        {
            // A step that had no input (no unsupported model here) is not tracked at all.
            foreach (var step in result.TrackedSteps.GetValueOrDefault(name, []))
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    var key = name + ":" + reason;
                    reasons[key] = reasons.GetValueOrDefault(key) + 1;
                }
            }
        }

        foreach (var (_, reason) in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
        {
            var key = "output:" + reason;
            reasons[key] = reasons.GetValueOrDefault(key) + 1;
        }

        Console.WriteLine("// after an unrelated edit: " + string.Join(", ", reasons.Select(r => $"{r.Key}={r.Value}")));
        var notCached = reasons.Keys.Where(k => !k.EndsWith(":Cached", StringComparison.Ordinal) && !k.EndsWith(":Unchanged", StringComparison.Ordinal)).ToList();
        if (notCached.Count > 0 || !reasons.ContainsKey("SupportedModels:Cached") && !reasons.ContainsKey("SupportedModels:Unchanged"))
        {
            throw new InvalidOperationException("An unrelated edit was not fully cached: " + string.Join(", ", notCached));
        }
    }

    /// <summary>
    /// The generator after an unrelated edit beside the two floors, interleaved round by round so that a busy machine
    /// slows all of them alike: median wall time and allocations of each.
    /// </summary>
    public static void CompareWithFloors(int rounds)
    {
        var benchmarks = new GeneratorBenchmarks();
        benchmarks.Setup();
        (string Name, Func<GeneratorDriver> Run)[] variants =
        [
            ("ScSession generator", benchmarks.AfterUnrelatedEdit),
            ("floor: find models", benchmarks.FindModelsOnly),
            ("floor: bind models", benchmarks.BindModelsOnly),
        ];
        var times = variants.Select(_ => new List<double>()).ToArray();
        var bytes = new long[variants.Length];
        for (var round = -3; round < rounds; round++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                variants[v].Run();
                watch.Stop();
                if (round >= 0)
                {
                    times[v].Add(watch.Elapsed.TotalMilliseconds);
                    bytes[v] += GC.GetAllocatedBytesForCurrentThread() - allocated;
                }
            }
        }

        for (var v = 0; v < variants.Length; v++)
        {
            var sorted = times[v].Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{variants[v].Name,-22} median {sorted[sorted.Count / 2],7:F1} ms  (min {sorted[0],6:F1})  {bytes[v] / rounds / 1024.0 / 1024.0,6:F2} MB/op"));
        }
    }

    private CSharpCompilation NewCompilation()
        => CSharpCompilation.Create(
            "ScSession.Benchmarks.GeneratorInput",
            _trees,
            _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static GeneratorDriver NewDriver(IIncrementalGenerator? generator = null)
        => CSharpGeneratorDriver.Create(
            [(generator ?? new SessionModelGenerator()).AsSourceGenerator()],
            parseOptions: s_parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    [Benchmark(Baseline = true, Description = "cold: 200 models")]
    public GeneratorDriver Cold() => NewDriver().RunGenerators(NewCompilation());

    [Benchmark(Description = "unrelated edit (all cached)")]
    public GeneratorDriver AfterUnrelatedEdit() => _warmDriver.RunGenerators(_warmCompilation.AddSyntaxTrees(_unrelated));

    [Benchmark(Description = "unrelated edit: Roslyn finds the models (floor)")]
    public GeneratorDriver FindModelsOnly() => _findOnlyDriver.RunGenerators(_warmCompilation.AddSyntaxTrees(_unrelated));

    [Benchmark(Description = "unrelated edit: Roslyn binds the models (floor)")]
    public GeneratorDriver BindModelsOnly() => _bindOnlyDriver.RunGenerators(_warmCompilation.AddSyntaxTrees(_unrelated));

    /// <summary>A model with a few properties of the kinds real sessions hold; one file per model.</summary>
    public static string ModelSource(int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        var source = new StringBuilder();
        source.Append(CultureInfo.InvariantCulture, $$"""
            using System;
            using System.Collections.Generic;
            using ScSession;

            namespace App.Feature{{n}};

            public sealed record Line{{n}}(string Sku, int Quantity, decimal Price);

            public enum State{{n}} { Draft, Open, Closed }

            [SessionModel(Name = "model{{n}}")]
            public partial class Model{{n}}
            {
                public partial string? Title { get; set; }
                public partial int Count { get; set; }
                public partial DateTimeOffset? LastVisit { get; set; }
                public partial State{{n}} State { get; set; }
                public partial List<Line{{n}}> Lines { get; set; }
                public partial Dictionary<string, int> Counters { get; set; }
                [SessionKey("t")]
                public partial List<string> Tags { get; set; }
            }
            """);
        return source.ToString();
    }
}
