using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ScSession.Generators.Parsing;

namespace ScSession.Generators.Analyzers;

/// <summary>
/// SCSN0104: <c>ISession</c> read or written with a constant key that is the section of a typed session model in
/// the same compilation (<c>Session.GetString("CartSession")</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StringKeyedSessionAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> s_sessionMethods = ImmutableHashSet.Create(StringComparer.Ordinal, "Set", "TryGetValue", "Remove");
    private static readonly ImmutableHashSet<string> s_extensionMethods = ImmutableHashSet.Create(StringComparer.Ordinal, "GetString", "SetString", "GetInt32", "SetInt32", "Get");

    /// <summary>SCSN0104's property: the model's fully qualified type name (<c>global::App.CartSession</c>).</summary>
    public const string ModelTypeProperty = "ModelType";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.StringKeyedSessionAccess);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var modelAttribute = start.Compilation.GetTypeByMetadataName(TypeNames.SessionModelAttribute);
            var session = start.Compilation.GetTypeByMetadataName(TypeNames.ISession);
            if (modelAttribute is null || session is null)
            {
                return;
            }

            var extensions = start.Compilation.GetTypeByMetadataName(TypeNames.SessionExtensions);
            var sections = new ConcurrentDictionary<string, INamedTypeSymbol>(StringComparer.Ordinal);
            var uses = new ConcurrentBag<(string Key, Location Location, string Method)>();

            start.RegisterSymbolAction(
                symbolContext =>
                {
                    var model = (INamedTypeSymbol)symbolContext.Symbol;
                    var attributes = model.GetAttributes().Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, modelAttribute)).ToList();
                    if (attributes.Count > 0)
                    {
                        sections.TryAdd(SessionKeys.SectionName(model, attributes, out _, out _), model);
                    }
                },
                SymbolKind.NamedType);

            start.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    var method = invocation.TargetMethod;
                    var relevant = (s_sessionMethods.Contains(method.Name) && SymbolEqualityComparer.Default.Equals(method.ContainingType, session))
                                   || (extensions is not null && s_extensionMethods.Contains(method.Name)
                                       && SymbolEqualityComparer.Default.Equals(method.ContainingType, extensions));
                    if (!relevant)
                    {
                        return;
                    }

                    var key = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key");
                    if (key?.Value.ConstantValue is { HasValue: true, Value: string text })
                    {
                        uses.Add((text, key.Value.Syntax.GetLocation(), method.Name));
                    }
                },
                OperationKind.Invocation);

            start.RegisterCompilationEndAction(end =>
            {
                foreach (var use in uses)
                {
                    if (sections.TryGetValue(use.Key, out var model))
                    {
                        // The code fix needs the model's type: its metadata name travels in the diagnostic's properties.
                        var properties = ImmutableDictionary<string, string?>.Empty.Add(ModelTypeProperty, model.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                        end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StringKeyedSessionAccess, use.Location, properties, use.Key, model.Name, use.Method));
                    }
                }
            });
        });
    }
}
