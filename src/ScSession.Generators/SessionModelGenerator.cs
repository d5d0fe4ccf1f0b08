using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TypeNames.SessionModelAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (attributeContext, cancellationToken) => Parse(attributeContext, cancellationToken))
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

        // The mistakes that also fail the compilation are reported here: csc drops analyzer diagnostics once there is an error.
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

        context.RegisterSourceOutput(models, static (output, model) =>
        {
            (string HintName, string Source) file;
            try
            {
                file = Emitter.Emit(model);
            }
#pragma warning disable CA1031 // The generator must never throw; an emitter bug degrades to "no source".
            catch (Exception)
#pragma warning restore CA1031
            {
                return;
            }

            output.AddSource(file.HintName, file.Source);
        });

        context.RegisterSourceOutput(fallbacks, static (output, model) =>
        {
            (string HintName, string Source) file;
            try
            {
                file = Emitter.EmitPartialImplementation(model);
            }
#pragma warning disable CA1031 // As above.
            catch (Exception)
#pragma warning restore CA1031
            {
                return;
            }

            output.AddSource(file.HintName, file.Source);
        });
    }

    /// <summary>The parser, which must never throw: a model it cannot understand gets no source.</summary>
    private static ParsedModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            return SessionModelParser.Parse(context, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // The generator must never throw: a model it cannot understand gets no source.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
