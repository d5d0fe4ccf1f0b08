using System.Text;

namespace ScSession.Generators.Emitting;

/// <summary>
/// A minimal indented text writer for generated C#: LF line endings, four-space indents, and a blank line after a
/// closing brace unless the block continues (<c>else</c>, <c>catch</c>, another <c>}</c>), as hand-written code has.
/// </summary>
internal sealed class SourceWriter
{
    private static readonly string[] s_continuations = ["}", "else", "catch", "finally", "#"];

    private readonly StringBuilder _builder = new();
    private int _indent;
    private bool _blockJustClosed;

    public SourceWriter Line(string text = "")
    {
        if (_blockJustClosed && text.Length > 0 && !StartsWithContinuation(text))
        {
            _builder.Append('\n');
        }

        _blockJustClosed = false;
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4).Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes a fixed block of lines (a template), each at the current indentation.</summary>
    public SourceWriter Lines(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            Line(line);

            // A template's own closing brace is followed by a blank line like any other.
            _blockJustClosed = line.Trim() == "}";
        }

        return this;
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public SourceWriter Open(string? header = null)
    {
        if (header is not null)
        {
            Line(header);
        }

        Line("{");
        _indent++;
        return this;
    }

    /// <summary>Unindents and writes <c>}</c> (plus an optional suffix such as <c>;</c>).</summary>
    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        _blockJustClosed = true;
        return this;
    }

    private static bool StartsWithContinuation(string text)
    {
        foreach (var continuation in s_continuations)
        {
            if (text.StartsWith(continuation, System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => _builder.ToString();
}
