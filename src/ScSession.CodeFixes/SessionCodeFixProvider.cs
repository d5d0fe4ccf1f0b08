using System;

namespace ScSession.CodeFixes;

/// <summary>
/// The frame all ScSession code fixes share: one diagnostic ID, and for each reported diagnostic at most one action
/// that rewrites the document's syntax tree. A derived fix says only which action a diagnostic gets
/// (<see cref="FindFixAsync"/>) and how it changes the tree.
/// </summary>
public abstract class SessionCodeFixProvider : CodeFixProvider
{
    /// <summary>Creates the fix for the diagnostic <paramref name="fixes"/> describes.</summary>
    /// <param name="fixes">The one diagnostic this provider fixes.</param>
    private protected SessionCodeFixProvider(DiagnosticDescriptor fixes) => FixableDiagnosticIds = ImmutableArray.Create(fixes.Id);

    /// <inheritdoc />
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await FindFixAsync(context.Document, root, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } fix)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(fix.Title, cancellationToken => ApplyAsync(document, fix, cancellationToken), equivalenceKey: GetType().Name),
                diagnostic);
        }
    }

    /// <summary>The fix offered for one diagnostic, or <see langword="null"/> where none means the same and compiles.</summary>
    /// <param name="document">The document the diagnostic is in.</param>
    /// <param name="root">That document's syntax root.</param>
    /// <param name="diagnostic">The diagnostic to fix.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    private protected abstract Task<SyntaxFix?> FindFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>The answer of <see cref="FindFixAsync"/> that offers <paramref name="fix"/>.</summary>
    private protected static Task<SyntaxFix?> Offer(SyntaxFix fix) => Task.FromResult<SyntaxFix?>(fix);

    /// <summary>The answer of <see cref="FindFixAsync"/> that offers nothing.</summary>
    private protected static Task<SyntaxFix?> NoFix { get; } = Task.FromResult<SyntaxFix?>(null);

    private static async Task<Document> ApplyAsync(Document document, SyntaxFix fix, CancellationToken cancellationToken)
    {
        // The tree is read again: the action runs later than the search, on the document as it is then.
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(await fix.RewriteAsync(root, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>An action's title and how it rewrites the document's syntax root.</summary>
    private protected sealed class SyntaxFix
    {
        private readonly Func<SyntaxNode, CancellationToken, Task<SyntaxNode>> _rewrite;

        /// <summary>A fix whose rewrite needs nothing but the tree.</summary>
        public SyntaxFix(string title, Func<SyntaxNode, SyntaxNode> rewrite)
            : this(title, (root, _) => Task.FromResult(rewrite(root)))
        {
        }

        /// <summary>A fix whose rewrite needs more (a semantic model, say), read when the action runs.</summary>
        public SyntaxFix(string title, Func<SyntaxNode, CancellationToken, Task<SyntaxNode>> rewrite)
        {
            Title = title;
            _rewrite = rewrite;
        }

        /// <summary>What the light bulb shows.</summary>
        public string Title { get; }

        /// <summary>Applies the rewrite to <paramref name="root"/>.</summary>
        public Task<SyntaxNode> RewriteAsync(SyntaxNode root, CancellationToken cancellationToken) => _rewrite(root, cancellationToken);
    }
}
