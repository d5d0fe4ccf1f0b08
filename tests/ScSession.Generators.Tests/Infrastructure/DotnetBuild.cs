using System.Diagnostics;
using System.Text;

namespace ScSession.Generators.Tests.Infrastructure;

/// <summary>
/// Runs <c>dotnet build</c> the way a user does on the command line, for the tests that check what a real build
/// reports (SampleBuildTests, CorpusBuildTests). ScSession.Core and the generator were built with this test project in
/// the same configuration, so builds pass <c>-p:BuildProjectReferences=false</c>: only the project under test compiles.
/// </summary>
internal static class DotnetBuild
{
    /// <summary>The xunit collection of the tests that run a real build: one at a time, so they do not share the CPUs.</summary>
    public const string Collection = "dotnet build";

#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    private static readonly Lazy<string> s_repositoryRoot = new(() =>
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ScSession.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("ScSession.sln not found above " + AppContext.BaseDirectory);
        }

        return root;
    });

    /// <summary>The folder holding ScSession.sln.</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    /// <summary>
    /// <c>dotnet build <paramref name="target"/></c> (a project or a solution) with the given extra arguments, without
    /// build servers. Fails the test when the build takes longer than <paramref name="timeout"/>.
    /// </summary>
    public static async Task<BuildResult> RunAsync(string target, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in new[]
                 {
                     "build", target, "--disable-build-servers", "-nologo", "-clp:NoSummary",
                     "-c", Configuration,
                     // Core and the generator were built with this test project (same configuration): only the project
                     // under test compiles, which keeps these tests well under a minute on a small machine.
                     "-p:BuildProjectReferences=false",
                 }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        // The test host may run inside an MSBuild-started process: the child build must find its own SDK.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet build did not finish within {timeout.TotalSeconds} s:\n{output}");
        }

        process.WaitForExit(); // flush the redirected streams
        stopwatch.Stop();
        lock (output)
        {
            return new BuildResult(process.ExitCode, output.ToString(), stopwatch.Elapsed);
        }
    }
}

/// <summary>What a <c>dotnet build</c> ended with: its exit code, console output and wall time.</summary>
internal sealed record BuildResult(int ExitCode, string Output, TimeSpan Elapsed);

/// <summary>Tests that run a real <c>dotnet build</c> share this collection, so xunit runs them one after another.</summary>
[CollectionDefinition(DotnetBuild.Collection)]
public sealed class DotnetBuildCollection;
