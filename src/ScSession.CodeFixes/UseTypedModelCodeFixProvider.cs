using System.Linq;

namespace ScSession.CodeFixes;

/// <summary>
/// SCSN0104: replaces a hand-written JSON read of a typed model's section —
/// <c>JsonSerializer.Deserialize&lt;CartSession&gt;(HttpContext.Session.GetString("CartSession")!)</c> — with the typed
/// model itself, <c>await HttpContext.GetSessionAsync&lt;CartSession&gt;()</c>.
/// </summary>
/// <remarks>
/// A string key and a typed model are different shapes (bytes or text against an object that saves its own changes),
/// so the fix is offered only where the replacement means the same and compiles: the read is deserialized into the
/// model's own type, in an <c>async</c> method or lambda, on <c>X.Session</c> of an <c>HttpContext</c> X. Elsewhere the
/// diagnostic stays without a fix, and its page shows how to rewrite by hand.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseTypedModelCodeFixProvider)), Shared]
public sealed class UseTypedModelCodeFixProvider : SessionCodeFixProvider
{
    /// <summary>Creates the fix for SCSN0104.</summary>
    public UseTypedModelCodeFixProvider()
        : base(DiagnosticDescriptors.StringKeyedSessionAccess)
    {
    }

    private protected override async Task<SyntaxFix?> FindFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(StringKeyedSessionAnalyzer.ModelTypeProperty, out var modelType) || modelType is null
            || root.FindNode(diagnostic.Location.SourceSpan) is not { } keyNode
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel
            || FindRewrite(keyNode, semanticModel, modelType, cancellationToken) is not { } rewrite)
        {
            return null;
        }

        return new SyntaxFix("Use the typed session model " + modelType.Split('.').Last(), tree => Apply(tree, rewrite));
    }

    /// <summary>The deserialization to replace and the <c>HttpContext</c> expression to read the model from.</summary>
    private sealed record Rewrite(InvocationExpressionSyntax Deserialize, ExpressionSyntax HttpContext, TypeSyntax ModelType);

    private static Rewrite? FindRewrite(SyntaxNode keyNode, SemanticModel semanticModel, string modelType, CancellationToken cancellationToken)
    {
        // session.GetString("Section") on X.Session, X an HttpContext
        if (keyNode.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetString", Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Session" } session } } read
            || semanticModel.GetTypeInfo(session.Expression, cancellationToken).Type?.ToDisplayString() != "Microsoft.AspNetCore.Http.HttpContext")
        {
            return null;
        }

        // …read, read!, read ?? "…" as the only argument of JsonSerializer.Deserialize<T>(…) with T the model
        SyntaxNode argument = read;
        while (argument.Parent is PostfixUnaryExpressionSyntax or ParenthesizedExpressionSyntax
               || argument.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce && coalesce.Left == argument)
        {
            argument = argument.Parent;
        }

        if (argument.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax deserialize } }
            || semanticModel.GetSymbolInfo(deserialize, cancellationToken).Symbol is not IMethodSymbol { Name: "Deserialize", ContainingType: { } serializer } method
            || serializer.ToDisplayString() != "System.Text.Json.JsonSerializer"
            || method.TypeArguments.Length != 1
            || method.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) != modelType
            || deserialize.Expression is not MemberAccessExpressionSyntax { Name: GenericNameSyntax { TypeArgumentList.Arguments: { Count: 1 } typeArguments } }
            || !IsInAsyncContext(deserialize))
        {
            return null;
        }

        return new Rewrite(deserialize, session.Expression, typeArguments[0]);
    }

    private static bool IsInAsyncContext(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static SyntaxNode Apply(SyntaxNode root, Rewrite rewrite)
    {
        if (root is not CompilationUnitSyntax unit)
        {
            return root;
        }

        // await <context>.GetSessionAsync<Model>()
        var getSession = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                rewrite.HttpContext.WithoutTrivia(),
                SyntaxFactory.GenericName(SyntaxFactory.Identifier("GetSessionAsync"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(rewrite.ModelType.WithoutTrivia())))));
        ExpressionSyntax replacement = SyntaxFactory.AwaitExpression(getSession);
        if (rewrite.Deserialize.Parent is MemberAccessExpressionSyntax or ConditionalAccessExpressionSyntax or PostfixUnaryExpressionSyntax)
        {
            replacement = SyntaxFactory.ParenthesizedExpression(replacement);
        }

        unit = unit.ReplaceNode(rewrite.Deserialize, replacement.WithTriviaFrom(rewrite.Deserialize));
        if (!unit.Usings.Any(u => u.Name?.ToString() == "ScSession"))
        {
            unit = unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("ScSession")).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed));
        }

        return unit;
    }
}
