using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests;

/// <summary>The incremental pipeline caches: reruns and unrelated edits do no work, and no step output roots a compilation.</summary>
public sealed class CachingTests
{
    private const string Models = """
        using System.Collections.Generic;
        using ScSession;

        namespace Shop;

        /// <summary>A.</summary>
        /// <param name="Sku">A.</param>
        /// <param name="Quantity">A.</param>
        public sealed record CartItem(string Sku, int Quantity);

        /// <summary>A.</summary>
        public enum Theme
        {
            /// <summary>A.</summary>
            Light,
            /// <summary>A.</summary>
            Dark,
        }

        /// <summary>A.</summary>
        [SessionModel]
        public partial class CartSession
        {
            /// <summary>A.</summary>
            public partial List<CartItem> Items { get; set; }
            /// <summary>A.</summary>
            public partial Theme? Theme { get; set; }
        }

        /// <summary>A.</summary>
        [SessionModel]
        public partial class Preferences
        {
            /// <summary>A.</summary>
            public partial string? Language { get; set; }
        }
        """;

    /// <summary>
    /// Models the generator skips, so that every step has outputs: a type it cannot store (the fallback implementation,
    /// <see cref="TrackingNames.UnsupportedModels"/>) and a getter-only partial property (SCSN0008, which the generator
    /// reports itself: <see cref="TrackingNames.GeneratorDiagnostics"/>).
    /// </summary>
    private const string SkippedModels = """
        using ScSession;

        namespace Shop.Skipped;

        /// <summary>A.</summary>
        [SessionModel]
        public partial class Upload
        {
            /// <summary>A.</summary>
            public partial System.IO.Stream? Body { get; set; }
        }

        /// <summary>A.</summary>
        [SessionModel]
        public partial class Wizard
        {
            /// <summary>A.</summary>
            public partial int Step { get; }
        }
        """;

    /// <summary>Every step the generator names: the constants of <see cref="TrackingNames"/>, found, not listed by hand.</summary>
    private static readonly string[] s_trackingNames = [.. ConstantsOf(typeof(TrackingNames))];

    [Fact]
    public void The_tracking_names_are_found_and_each_names_a_step_of_the_pipeline()
    {
        var result = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.CreateCompilation(Models, SkippedModels)).GetRunResult().Results.Single();

        Assert.Contains(TrackingNames.UnsupportedModels, s_trackingNames);
        Assert.Contains(TrackingNames.GeneratorDiagnostics, s_trackingNames);
        var ownSteps = result.TrackedSteps.Keys.Where(name => !IsRoslynStep(name)).Order(StringComparer.Ordinal);
        Assert.Equal(s_trackingNames.Order(StringComparer.Ordinal), ownSteps);
        Assert.All(s_trackingNames, name => Assert.NotEmpty(result.TrackedSteps[name].SelectMany(s => s.Outputs)));
    }

    [Fact]
    public void A_second_run_on_the_same_input_is_fully_cached()
    {
        var compilation = GeneratorHarness.CreateCompilation(Models, SkippedModels);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        driver = driver.RunGenerators(compilation.Clone());

        AssertEverythingCached(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void An_unrelated_edit_is_fully_cached()
    {
        var compilation = GeneratorHarness.CreateCompilation(Models, SkippedModels);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Other;\n\n/// <summary>A.</summary>\npublic sealed class Unrelated\n{\n}\n", GeneratorHarness.ParseOptions));
        driver = driver.RunGenerators(edited);

        AssertEverythingCached(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void Editing_one_model_regenerates_only_that_model()
    {
        var compilation = GeneratorHarness.CreateCompilation(Models);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var newTree = tree.WithChangedText(tree.GetText().Replace(
            Models.IndexOf("public partial string? Language", StringComparison.Ordinal), 0,
            "/// <summary>A.</summary>\n    public partial int Visits { get; set; }\n    "));
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, newTree));

        var result = driver.GetRunResult().Results.Single();
        var outputs = result.TrackedSteps[TrackingNames.SupportedModels].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(outputs, o => o.Reason == IncrementalStepRunReason.Modified && ((SessionModelSpec)o.Value).DisplayName == "Preferences");
        Assert.Contains(outputs, o => o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached && ((SessionModelSpec)o.Value).DisplayName == "CartSession");
        Assert.Contains("Visits", result.GeneratedSources.Single(s => s.HintName == "Shop.Preferences.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_node_location_or_compilation()
    {
        var compilation = GeneratorHarness.CreateCompilation(Models, SkippedModels);
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Equal(4, result.GeneratedSources.Length); // two session models, two fallbacks
        foreach (var name in s_trackingNames)
        {
            var outputs = result.TrackedSteps[name].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            foreach (var (value, _) in outputs)
            {
                AssertNoRoslynObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    /// <summary>
    /// Roslyn's own steps: its inputs and outputs (<see cref="WellKnownGeneratorInputs"/>,
    /// <see cref="WellKnownGeneratorOutputs"/>), and the steps inside <c>ForAttributeWithMetadataName</c>
    /// (<c>result_ForAttributeInternal</c>, <c>compilationUnit_ForAttribute</c>…, and the internal input
    /// <c>CompilationOptions</c> it reads).
    /// </summary>
    private static bool IsRoslynStep(string name)
        => name.Contains("_ForAttribute", StringComparison.Ordinal) || name == "CompilationOptions"
           || ConstantsOf(typeof(WellKnownGeneratorInputs)).Concat(ConstantsOf(typeof(WellKnownGeneratorOutputs))).Contains(name);

    private static IEnumerable<string> ConstantsOf(Type type)
        => type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    private static void AssertEverythingCached(GeneratorRunResult result)
    {
        Assert.Null(result.Exception);
        foreach (var name in s_trackingNames)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"No step is tracked as {name}.");
            Assert.NotEmpty(result.TrackedSteps[name].SelectMany(s => s.Outputs));
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}");
                }
            }
        }

        foreach (var (name, steps) in result.TrackedOutputSteps)
        {
            foreach (var (_, reason) in steps.SelectMany(s => s.Outputs))
            {
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}");
            }
        }
    }

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or SyntaxTree or Location or Compilation or SemanticModel,
            $"{path} holds a {value.GetType().Name}: step outputs must be plain data.");
        if (!value.GetType().IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                AssertNoRoslynObjects(item, $"{path}[{i++}]", visited);
            }
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertNoRoslynObjects(field.GetValue(value), path + "." + field.Name, visited);
            }
        }
    }
}
