namespace ScSession.CodeFixes;

/// <summary>
/// SCSN0007: makes a session model's auto-property partial, so that the generator implements and stores it. A partial
/// property cannot have an initializer, so one is removed; the generated property starts with the type's default
/// (an empty string or collection for non-nullable ones), and the action's title says when a value is dropped.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePropertyPartialCodeFixProvider)), Shared]
public sealed class MakePropertyPartialCodeFixProvider : SessionCodeFixProvider
{
    /// <summary>Creates the fix for SCSN0007.</summary>
    public MakePropertyPartialCodeFixProvider()
        : base(DiagnosticDescriptors.PropertyNotPartial)
    {
    }

    private protected override Task<SyntaxFix?> FindFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not PropertyDeclarationSyntax property)
        {
            return NoFix;
        }

        var title = "Make '" + property.Identifier.ValueText + "' partial (stored in the session)";
        if (property.Initializer is { } initializer && !IsDefaultLike(initializer.Value))
        {
            title += "; its initial value '" + initializer.Value + "' is dropped";
        }

        return Offer(new SyntaxFix(title, tree => tree.ReplaceNode(property, MakePartial(property))));
    }

    /// <summary>What the generated property gives anyway: an empty string, a new empty collection or object, default.</summary>
    private static bool IsDefaultLike(ExpressionSyntax value) => value switch
    {
        LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression)
                                           || literal.Token.Value is "" or false or 0 or 0L or 0U or 0UL or 0D or 0F or 0M,
        ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0, Initializer: null } => true,
        ObjectCreationExpressionSyntax { ArgumentList: null or { Arguments.Count: 0 }, Initializer: null } => true,
        CollectionExpressionSyntax { Elements.Count: 0 } => true,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Empty" } => true,
        PostfixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax null_ } when null_.IsKind(SyntaxKind.NullLiteralExpression) => true,
        _ => false,
    };

    private static PropertyDeclarationSyntax MakePartial(PropertyDeclarationSyntax property)
    {
        // 'partial' goes last among the modifiers, right before the type.
        var fixedProperty = property.WithModifiers(property.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
        if (fixedProperty.Initializer is null)
        {
            return fixedProperty;
        }

        var trailing = fixedProperty.SemicolonToken.TrailingTrivia;
        return fixedProperty
            .WithInitializer(null)
            .WithSemicolonToken(default)
            .WithAccessorList(fixedProperty.AccessorList!.WithTrailingTrivia(trailing));
    }
}
