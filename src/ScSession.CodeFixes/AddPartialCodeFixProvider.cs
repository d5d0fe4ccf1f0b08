using System.Linq;

namespace ScSession.CodeFixes;

/// <summary>SCSN0001: adds <c>partial</c> to the reported type and to every type it is nested in.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFixProvider)), Shared]
public sealed class AddPartialCodeFixProvider : SessionCodeFixProvider
{
    /// <summary>Creates the fix for SCSN0001.</summary>
    public AddPartialCodeFixProvider()
        : base(DiagnosticDescriptors.ModelMustBePartial)
    {
    }

    private protected override Task<SyntaxFix?> FindFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not TypeDeclarationSyntax declaration)
        {
            return NoFix;
        }

        return Offer(new SyntaxFix("Make '" + declaration.Identifier.ValueText + "' partial", tree => AddPartialToAll(tree, declaration)));
    }

    private static SyntaxNode AddPartialToAll(SyntaxNode root, TypeDeclarationSyntax declaration)
    {
        var targets = declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword));
        return root.ReplaceNodes(targets, (_, rewritten) => AddPartial(rewritten));
    }


    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (type.Modifiers.Count == 0)
        {
            // The keyword's indentation moves to 'partial', which now starts the declaration.
            return type
                .WithKeyword(type.Keyword.WithLeadingTrivia())
                .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(type.Keyword.LeadingTrivia)));
        }

        // 'partial' must come right before 'class'/'record'/'struct'.
        return type.WithModifiers(type.Modifiers.Add(partial));
    }
}
