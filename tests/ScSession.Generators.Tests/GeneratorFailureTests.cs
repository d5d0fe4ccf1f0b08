using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ScSession.Generators.Parsing;
using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests;

/// <summary>
/// A bug in the generator is reported (SCSN0009) on the model it hit, never swallowed, and the other models are
/// generated as usual. The failures are injected: no known input makes the real parser or emitter throw.
/// </summary>
public sealed class GeneratorFailureTests
{
    private const string Source = """
        using ScSession;

        namespace Shop;

        [SessionModel]
        public partial class Broken
        {
            public partial int Count { get; set; }
        }

        [SessionModel]
        public partial class Cart
        {
            public partial string? Currency { get; set; }
        }
        """;

    [Fact]
    public void A_parser_failure_is_reported_on_its_model_and_the_other_models_are_generated()
    {
        var generator = new SessionModelGenerator(
            (context, cancellationToken) => context.TargetSymbol.Name == "Broken"
                ? throw new InvalidOperationException("The parser failed.")
                : SessionModelParser.Parse(context, cancellationToken),
            SessionModelGenerator.Emitter.Emit);

        var result = Run(generator);

        Assert.Equal(["Shop.Cart.g.cs"], result.GeneratedSources.Select(s => s.HintName));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(
            "SCSN0009 Input0.cs(6,22): The ScSession generator failed on session model 'Broken' (InvalidOperationException: The parser failed.), "
            + "so no session code was generated for it. This is a bug in ScSession: please report it with this message.",
            GeneratorHarness.Format(diagnostic));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void An_emitter_failure_is_reported_with_its_model_s_name_and_the_other_models_are_generated()
    {
        var generator = new SessionModelGenerator(
            SessionModelParser.Parse,
            spec => spec.DisplayName == "Broken" ? throw new ArgumentException("The emitter failed.") : SessionModelGenerator.Emitter.Emit(spec));

        var result = Run(generator);

        Assert.Equal(["Shop.Cart.g.cs"], result.GeneratedSources.Select(s => s.HintName));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SCSN0009", diagnostic.Id);
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.Contains("'Broken' (ArgumentException: The emitter failed.)", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_failure_nothing_is_reported()
    {
        var result = Run(new SessionModelGenerator());

        Assert.Equal(["Shop.Broken.g.cs", "Shop.Cart.g.cs"], result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.Empty(result.Diagnostics);
    }

    private static GeneratorRunResult Run(SessionModelGenerator generator)
    {
        var driver = CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions);
        var result = driver.RunGenerators(GeneratorHarness.CreateCompilation(Source)).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result;
    }
}
