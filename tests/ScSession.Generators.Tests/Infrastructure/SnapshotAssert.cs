using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace ScSession.Generators.Tests.Infrastructure;

/// <summary>
/// A small snapshot assertion with Verify's conventions, so that moving to Verify later is a rename:
/// <c>Snapshots/{TestClass}.{TestMethod}#{HintName}.verified.cs</c>, each file starting with <c>//HintName: X</c>.
/// On a mismatch or a missing file a <c>.received.cs</c> is written next to it and the test fails with a line diff;
/// set <c>SCSESSION_ACCEPT_SNAPSHOTS=1</c> to overwrite the verified files instead (ignored when <c>CI=true</c>).
/// </summary>
internal static partial class SnapshotAssert
{
    private const int DiffContextLines = 3;

    /// <summary>Verifies every generated file of one test; the test class is the calling file's name.</summary>
    public static void Verify(
        IReadOnlyList<(string HintName, string Source)> files,
        [CallerFilePath] string callerFile = "",
        [CallerMemberName] string testMethod = "")
    {
        var directory = Path.Combine(TestProjectDirectory(callerFile), "Snapshots");
        var prefix = Path.GetFileNameWithoutExtension(callerFile) + "." + testMethod + "#";
        var accept = ShouldAccept(
            Environment.GetEnvironmentVariable("SCSESSION_ACCEPT_SNAPSHOTS"),
            Environment.GetEnvironmentVariable("CI"));
        VerifyCore(files, directory, prefix, accept);
    }

    /// <summary>Accepting new output is a local decision: never on CI.</summary>
    internal static bool ShouldAccept(string? acceptVariable, string? ciVariable)
        => acceptVariable == "1" && !string.Equals(ciVariable, "true", StringComparison.OrdinalIgnoreCase);

    internal static void VerifyCore(IReadOnlyList<(string HintName, string Source)> files, string directory, string prefix, bool accept)
    {
        Directory.CreateDirectory(directory);
        var failures = new StringBuilder();
        var expectedFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (hintName, source) in files.OrderBy(f => f.HintName, StringComparer.Ordinal))
        {
            var baseName = prefix + (hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^3] : hintName);
            var verifiedPath = Path.Combine(directory, baseName + ".verified.cs");
            var receivedPath = Path.Combine(directory, baseName + ".received.cs");
            expectedFiles.Add(verifiedPath);

            var received = Normalize("//HintName: " + hintName + "\n" + Scrub(source));
            var verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
            if (verified == received)
            {
                File.Delete(receivedPath);
                continue;
            }

            if (accept)
            {
                File.WriteAllText(verifiedPath, received);
                File.Delete(receivedPath);
                continue;
            }

            File.WriteAllText(receivedPath, received);
            failures.Append(verified is null
                ? $"No verified snapshot {Path.GetFileName(verifiedPath)}; received written to {receivedPath}.\n"
                : $"Snapshot {Path.GetFileName(verifiedPath)} differs (received written to {receivedPath}):\n{Diff(verified, received)}\n");
        }

        foreach (var stale in Directory.EnumerateFiles(directory, prefix + "*.verified.cs"))
        {
            if (!expectedFiles.Contains(stale))
            {
                if (accept)
                {
                    File.Delete(stale);
                }
                else
                {
                    failures.Append($"Snapshot {Path.GetFileName(stale)} is no longer generated.\n");
                }
            }
        }

        if (failures.Length > 0)
        {
            throw new XunitException(failures.ToString()
                + "If the new output is right, rerun with SCSESSION_ACCEPT_SNAPSHOTS=1 (or rename .received.cs to .verified.cs).");
        }
    }

    /// <summary>
    /// The folder of the calling test file; when the compiler's path was remapped (deterministic CI builds), the
    /// test project folder found above the test binaries.
    /// </summary>
    private static string TestProjectDirectory(string callerFile)
    {
        var callerDirectory = Path.GetDirectoryName(callerFile);
        if (callerDirectory is not null && Directory.Exists(callerDirectory))
        {
            return callerDirectory;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScSession.Generators.Tests.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find the test project folder of {callerFile}.");
    }

    /// <summary>LF line endings and no trailing newline, as Verify stores text.</summary>
    internal static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd('\n');

    /// <summary>The generator's version changes with every release; snapshots should not.</summary>
    internal static string Scrub(string source) => GeneratedCodeVersion().Replace(source, "\"ScSession.Generators\", \"{Scrubbed}\"");

    internal static string Diff(string verified, string received)
    {
        var diff = InlineDiffBuilder.Diff(verified, received, ignoreWhiteSpace: false);
        var lines = diff.Lines;
        var show = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type != ChangeType.Unchanged)
            {
                for (var j = Math.Max(0, i - DiffContextLines); j <= Math.Min(lines.Count - 1, i + DiffContextLines); j++)
                {
                    show[j] = true;
                }
            }
        }

        var builder = new StringBuilder();
        var skipped = false;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!show[i])
            {
                skipped = true;
                continue;
            }

            if (skipped)
            {
                builder.Append("  ...\n");
                skipped = false;
            }

            var marker = lines[i].Type switch
            {
                ChangeType.Inserted => "+ ",
                ChangeType.Deleted => "- ",
                _ => "  ",
            };
            builder.Append(marker).Append(lines[i].Text).Append('\n');
        }

        return builder.ToString();
    }

    [GeneratedRegex("\"ScSession\\.Generators\", \"[^\"]*\"")]
    private static partial Regex GeneratedCodeVersion();
}
