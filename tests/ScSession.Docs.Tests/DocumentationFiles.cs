namespace ScSession.Docs.Tests;

/// <summary>The Markdown files whose C# blocks are compiled: README.md and docs/**/*.md, read from the repository.</summary>
internal static class DocumentationFiles
{
    private static readonly Lazy<IReadOnlyList<CodeBlock>> s_blocks = new(ReadAll);

    public static IReadOnlyList<CodeBlock> All => s_blocks.Value;

    /// <summary>A block by its <c>file:line</c> id (a test case's name, so a failure names the line to open).</summary>
    public static CodeBlock Block(string id) => All.Single(b => b.ToString() == id);

    private static List<CodeBlock> ReadAll()
    {
        var root = RepositoryRoot();
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        return
        [
            .. files.SelectMany(f => MarkdownCodeBlocks.Read(Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText(f))),
        ];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScSession.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ScSession.sln not found above " + AppContext.BaseDirectory);
    }
}
