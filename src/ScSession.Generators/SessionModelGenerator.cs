using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ScSession.Generators.Analyzers;
using ScSession.Generators.Parsing;

namespace ScSession.Generators;

/// <summary>
/// Implements the <c>public partial</c> properties of every <c>[SessionModel]</c> class and makes the class an
/// <c>ISessionModel&lt;TSelf&gt;</c> with a reflection-free JSON serializer, a <c>BindAsync</c> for minimal APIs
/// and a module initializer that registers it.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class SessionModelGenerator : IIncrementalGenerator
{
    private readonly Func<GeneratorAttributeSyntaxContext, CancellationToken, ParsedModel?> _parse;
    private readonly Func<SessionModelSpec, (string HintName, string Source)> _emit;

    /// <summary>The generator as the compiler runs it.</summary>
    public SessionModelGenerator()
        : this(SessionModelParser.Parse, Emitter.Emit)
    {
    }

    /// <summary>With another parser or emitter: tests make them throw to prove a failure is reported (SCSN0009).</summary>
    internal SessionModelGenerator(
        Func<GeneratorAttributeSyntaxContext, CancellationToken, ParsedModel?> parse,
        Func<SessionModelSpec, (string HintName, string Source)> emit)
    {
        _parse = parse;
        _emit = emit;
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parse = _parse;
        var emit = _emit;
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TypeNames.SessionModelAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: (attributeContext, cancellationToken) => ParseOrReport(parse, attributeContext, cancellationToken))
            .WithTrackingName(TrackingNames.ParsedModels)
            .Where(static model => model is not null);

        var models = parsed
            .Where(static model => model!.Supported is not null)
            .Select(static (model, _) => model!.Supported!)
            .WithTrackingName(TrackingNames.SupportedModels);

        // Unsupported models (the analyzers report why): their partial properties only, over plain fields.
        var fallbacks = parsed
            .Where(static model => model!.Fallback is not null)
            .Select(static (model, _) => model!.Fallback!)
            .WithTrackingName(TrackingNames.UnsupportedModels);

        // The mistakes that also fail the compilation are reported here: csc drops analyzer diagnostics once there is an
        // error. So are the generator's own failures.
        var diagnostics = parsed
            .Where(static model => model!.Diagnostics.Count > 0)
            .Select(static (model, _) => model!.Diagnostics)
            .WithTrackingName(TrackingNames.GeneratorDiagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, found) =>
        {
            foreach (var diagnostic in found)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(models, (output, model) => EmitOrReport(output, model.DisplayName, () => emit(model)));
        context.RegisterSourceOutput(fallbacks, static (output, model) => EmitOrReport(output, model.TypeName, () => Emitter.EmitPartialImplementation(model)));
    }

    /// <summary>
    /// Parses one model. An exception (a bug in the generator) becomes SCSN0009 on that model, so that it does not go
    /// unnoticed and does not cost the compilation's other models their code (an exception that left the generator
    /// would: Roslyn then drops all of its output).
    /// </summary>
    private static ParsedModel? ParseOrReport(
        Func<GeneratorAttributeSyntaxContext, CancellationToken, ParsedModel?> parse, GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            return parse(context, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Every failure is reported, as SCSN0009 on its model.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var location = context.TargetNode is BaseTypeDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : context.TargetNode.GetLocation();
            var failure = new ModelProblem(DiagnosticDescriptors.GeneratorFailed, location, FailureArguments(context.TargetSymbol.ToDisplayString(SymbolText.Display), exception));
            return new ParsedModel(null, null, new EquatableArray<DiagnosticInfo>(new[] { DiagnosticInfo.From(failure) }));
        }
    }

    /// <summary>Writes one model's file; an exception becomes SCSN0009, which names the model (the spec holds no location).</summary>
    private static void EmitOrReport(SourceProductionContext output, string modelName, Func<(string HintName, string Source)> emit)
    {
        (string HintName, string Source) file;
        try
        {
            file = emit();
        }
#pragma warning disable CA1031 // Every failure is reported, as SCSN0009 on its model.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailed, Location.None, FailureArguments(modelName, exception)));
            return;
        }

        output.AddSource(file.HintName, file.Source);
    }

    private static object?[] FailureArguments(string modelName, Exception exception) => new object?[] { modelName, exception.GetType().Name, exception.Message };
}
