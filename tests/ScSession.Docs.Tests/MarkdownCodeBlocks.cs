using System.Text.RegularExpressions;

namespace ScSession.Docs.Tests;

/// <summary>One fenced C# block of a Markdown file.</summary>
/// <param name="File">The Markdown file, relative to the repository root (with '/').</param>
/// <param name="FirstLine">The 1-based line, in that file, of the block's first line of code (after the fence).</param>
/// <param name="Code">The code, with the fence's indentation removed (a block inside a list item is indented).</param>
/// <param name="NotCompiledReason">
/// Set when the block is marked <c>&lt;!-- not compiled: reason --&gt;</c> right before its fence: it shows a mistake
/// or a fragment on purpose, and the tests check that it does fail.
/// </param>
public sealed record CodeBlock(string File, int FirstLine, string Code, string? NotCompiledReason)
{
    public override string ToString() => $"{File}:{FirstLine}";
}

/// <summary>Finds the C# blocks (```csharp, ```cs, ```c#) of a Markdown file and the marker before each.</summary>
public static partial class MarkdownCodeBlocks
{
    public static IReadOnlyList<CodeBlock> Read(string file, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var indent = open.Groups["indent"].Value;
            var fence = open.Groups["fence"].Value;
            var isCSharp = open.Groups["lang"].Value.ToLowerInvariant() is "csharp" or "cs" or "c#";
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !IsClosing(lines[end], fence))
            {
                end++;
            }

            if (isCSharp)
            {
                var code = string.Join("\n", lines[start..end].Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l.TrimStart()));
                blocks.Add(new CodeBlock(file, start + 1, code, MarkerBefore(lines, i)));
            }

            i = end; // a fence inside a block (another language's example) is not a block of its own
        }

        return blocks;
    }

    /// <summary>The reason of a <c>&lt;!-- not compiled: reason --&gt;</c> on the last non-blank line before the fence.</summary>
    private static string? MarkerBefore(string[] lines, int fenceLine)
    {
        for (var i = fenceLine - 1; i >= 0; i--)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var marker = NotCompiledMarker().Match(lines[i]);
            return marker.Success ? marker.Groups["reason"].Value.Trim() : null;
        }

        return null;
    }

    private static bool IsClosing(string line, string fence)
    {
        var trimmed = line.Trim();
        return trimmed.StartsWith(fence, StringComparison.Ordinal) && trimmed.TrimStart(fence[0]).Length == 0;
    }

    [GeneratedRegex(@"^(?<indent>\s*)(?<fence>`{3,}|~{3,})\s*(?<lang>[^\s`]*)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*<!--\s*not compiled:(?<reason>.*?)-->\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NotCompiledMarker();
}
