namespace ScSession.Docs.Tests;

/// <summary>
/// Every C# block of README.md and docs/**/*.md compiles as the package's consumer would write it (see
/// <see cref="SnippetPrelude"/> for what a snippet may assume), so the documentation stays true as the code changes.
/// A block marked <c>&lt;!-- not compiled: reason --&gt;</c> right before its fence shows a mistake or a fragment on
/// purpose: it must fail, so a marker never hides a block that has since become valid.
/// </summary>
public sealed class DocumentationSnippetTests
{
    public static TheoryData<string> CompiledBlocks => Ids(b => b.NotCompiledReason is null);

    public static TheoryData<string> NotCompiledBlocks => Ids(b => b.NotCompiledReason is not null);

    [Theory]
    [MemberData(nameof(CompiledBlocks))]
    public async Task Block_compiles(string id)
    {
        var block = DocumentationFiles.Block(id);

        var result = await SnippetCompiler.CompileAsync(block);

        Assert.True(
            result.Problems.Count == 0,
            $"The C# block at {block} ({result.Kind}) does not compile cleanly. Fix the documentation (or the code, if the "
            + "block shows the intended API), or mark the block <!-- not compiled: reason --> if it is a mistake or a fragment on purpose:\n"
            + string.Join("\n", result.Problems));
    }

    [Theory]
    [MemberData(nameof(NotCompiledBlocks))]
    public async Task Block_marked_not_compiled_does_fail(string id)
    {
        var block = DocumentationFiles.Block(id);
        Assert.False(string.IsNullOrWhiteSpace(block.NotCompiledReason), $"The marker before {block} gives no reason.");

        var result = await SnippetCompiler.CompileAsync(block);

        Assert.True(result.Problems.Count > 0, $"The C# block at {block} is marked \"not compiled: {block.NotCompiledReason}\" but compiles cleanly: remove the marker.");
    }

    [Fact]
    public void The_readme_blocks_are_found()
    {
        // Guards the extractor: a fence it stopped recognizing would silently test nothing.
        Assert.True(DocumentationFiles.All.Count(b => b.File == "README.md") >= 10, "README.md has more than ten C# blocks; the extractor found fewer.");
    }

    private static TheoryData<string> Ids(Func<CodeBlock, bool> filter) => [.. DocumentationFiles.All.Where(filter).Select(b => b.ToString())];
}
