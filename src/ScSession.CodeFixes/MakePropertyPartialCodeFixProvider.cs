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

namespace ScSession.CodeFixes;

/// <summary>
/// SCSN0007: makes a session model's auto-property partial, so that the generator implements and stores it. A partial
/// property cannot have an initializer, so one is removed; the generated property starts with the type's default
/// (an empty string or collection for non-nullable ones), and the action's title says when a value is dropped.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePropertyPartialCodeFixProvider)), Shared]
public sealed class MakePropertyPartialCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.PropertyNotPartial.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not PropertyDeclarationSyntax property)
            {
                continue;
            }

            var title = "Make '" + property.Identifier.ValueText + "' partial (stored in the session)";
            if (property.Initializer is { } initializer && !IsDefaultLike(initializer.Value))
            {
                title += "; its initial value '" + initializer.Value + "' is dropped";
            }

            context.RegisterCodeFix(
                CodeAction.Create(title, cancellationToken => MakePartialAsync(context.Document, property, cancellationToken), equivalenceKey: nameof(MakePropertyPartialCodeFixProvider)),
                diagnostic);
        }
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

    private static async Task<Document> MakePartialAsync(Document document, PropertyDeclarationSyntax property, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // 'partial' goes last among the modifiers, right before the type.
        var fixedProperty = property.WithModifiers(property.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
        if (fixedProperty.Initializer is not null)
        {
            var trailing = fixedProperty.SemicolonToken.TrailingTrivia;
            fixedProperty = fixedProperty
                .WithInitializer(null)
                .WithSemicolonToken(default)
                .WithAccessorList(fixedProperty.AccessorList!.WithTrailingTrivia(trailing));
        }

        return document.WithSyntaxRoot(root.ReplaceNode(property, fixedProperty));
    }
}
