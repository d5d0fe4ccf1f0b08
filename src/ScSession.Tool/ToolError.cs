namespace ScSession.Tool;

/// <summary>The exit codes of <c>scsession</c>: scripts tell a bad cookie from a bad command line.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The input could not be decoded or encoded: wrong key, tampered or malformed cookie, invalid JSON.</summary>
    public const int CannotProcess = 1;

    /// <summary>The command line is wrong: unknown command or option, a missing value, a key that is no key.</summary>
    public const int Usage = 2;

    /// <summary>A fault in the tool itself (a bug): reported in one line, never as a stack trace.</summary>
    public const int InternalError = 3;
}

/// <summary>
/// A failure the user can act on: its message is printed as one line on stderr and the tool exits with
/// <see cref="ExitCode"/>. Thrown instead of returned so that each command reads as its happy path.
/// </summary>
internal sealed class ToolError(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static ToolError Usage(string message) => new(ExitCodes.Usage, message);

    public static ToolError CannotProcess(string message) => new(ExitCodes.CannotProcess, message);
}
