using ScSession.Generators.Parsing;

namespace ScSession.CodeFixes;

/// <summary>
/// SCSN0004: gives the second property a free key, the one the analyzer suggests (its camelCase name, or that
/// name with a number): rewrites its <c>[SessionKey("...")]</c>, or adds one when the key came from the name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameDuplicateKeyCodeFixProvider)), Shared]
public sealed class RenameDuplicateKeyCodeFixProvider : SessionCodeFixProvider
{
    /// <summary>Creates the fix for SCSN0004.</summary>
    public RenameDuplicateKeyCodeFixProvider()
        : base(DiagnosticDescriptors.DuplicateKey)
    {
    }

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null; // each suggestion is computed against the keys before any fix

    private protected override Task<SyntaxFix?> FindFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(ModelProblem.SuggestedKeyProperty, out var key) || key is null)
        {
            return NoFix;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return Offer(new SyntaxFix("Use the session key '" + key + "'", (tree, token) => RenameAsync(document, tree, node, key, token)));
    }

    private static async Task<SyntaxNode> RenameAsync(Document document, SyntaxNode root, SyntaxNode node, string key, CancellationToken cancellationToken)
    {
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(key));
        if (node is ExpressionSyntax expression && node.Parent is AttributeArgumentSyntax)
        {
            return root.ReplaceNode(expression, literal.WithTriviaFrom(expression));
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
            return root.ReplaceNode(property, updated);
        }

        return root;
    }
}
