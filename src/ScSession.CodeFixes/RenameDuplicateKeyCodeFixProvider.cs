using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ScSession.Generators.Analyzers;
using ScSession.Generators.Parsing;

namespace ScSession.CodeFixes;

/// <summary>
/// SCSN0004: gives the second property a free key, the one the analyzer suggests (its camelCase name, or that
/// name with a number): rewrites its <c>[SessionKey("...")]</c>, or adds one when the key came from the name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameDuplicateKeyCodeFixProvider)), Shared]
public sealed class RenameDuplicateKeyCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.DuplicateKey.Id);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null; // each suggestion is computed against the keys before any fix

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ModelProblem.SuggestedKeyProperty, out var key) || key is null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use the session key '" + key + "'",
                    cancellationToken => RenameAsync(context.Document, node, key, cancellationToken),
                    equivalenceKey: nameof(RenameDuplicateKeyCodeFixProvider)),
                diagnostic);
        }
    }

    private static async Task<Document> RenameAsync(Document document, SyntaxNode node, string key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(key));
        if (node is ExpressionSyntax expression && node.Parent is AttributeArgumentSyntax)
        {
            return document.WithSyntaxRoot(root.ReplaceNode(expression, literal.WithTriviaFrom(expression)));
        }

        if (node is PropertyDeclarationSyntax property)
        {
            // The key came from the property's name: add [SessionKey("...")] in front of it.
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var name = semanticModel is not null && !semanticModel.LookupNamespacesAndTypes(property.SpanStart, name: "SessionKeyAttribute").IsEmpty
                ? "SessionKey"
                : "ScSession.SessionKey";
            var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.Attribute(
                        SyntaxFactory.ParseName(name),
                        SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(literal))))))
                .WithTrailingTrivia(SyntaxFactory.Space);
            // It takes the place (and indentation) of the first token after any existing attributes.
            var first = property.Modifiers.Count > 0 ? property.Modifiers[0] : property.Type.GetFirstToken();
            var updated = property.ReplaceToken(first, first.WithLeadingTrivia());
            updated = updated.WithAttributeLists(updated.AttributeLists.Add(attribute.WithLeadingTrivia(first.LeadingTrivia)));
            return document.WithSyntaxRoot(root.ReplaceNode(property, updated));
        }

        return document;
    }
}
