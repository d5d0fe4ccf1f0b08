using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests.Analyzers;

/// <summary>
/// A real <c>dotnet build</c> of tests/ScSession.Analyzers.Samples, a small web app full of deliberate mistakes:
/// every SCSN warning shows (and, with <c>-p:ScsnErrors=true</c>, every SCSN error and no CS9248 cascade).
/// Restore is allowed (a fresh clone), but needs no network: the app has no package references of its own.
/// </summary>
[Collection(DotnetBuild.Collection)]
public sealed class SampleBuildTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Every_warning_shows_in_a_real_build()
    {
        var (exitCode, output) = await BuildSamplesAsync(errors: false);

        Assert.True(exitCode == 0, "The samples should build (warnings only):\n" + output);
        foreach (var id in new[] { "SCSN0005", "SCSN0006", "SCSN0101", "SCSN0102", "SCSN0103", "SCSN0104" })
        {
            Assert.True(output.Contains("warning " + id + ":", StringComparison.Ordinal), $"{id} missing from the build output:\n{output}");
        }
    }

    [Fact]
    public async Task Every_error_shows_in_a_real_build_and_nothing_else_fails()
    {
        var (exitCode, output) = await BuildSamplesAsync(errors: true);

        Assert.NotEqual(0, exitCode);
        foreach (var id in new[] { "SCSN0001", "SCSN0002", "SCSN0003", "SCSN0004" })
        {
            Assert.True(output.Contains("error " + id + ":", StringComparison.Ordinal), $"{id} missing from the build output:\n{output}");
        }

        var otherErrors = output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal) && !l.Contains("error SCSN", StringComparison.Ordinal)).ToList();
        Assert.True(otherErrors.Count == 0, "Errors other than SCSN:\n" + string.Join("\n", otherErrors));
    }

    private static async Task<(int ExitCode, string Output)> BuildSamplesAsync(bool errors)
    {
        // A fresh output folder, so that the sample is always compiled (and its warnings printed) while the
        // referenced projects build incrementally.
        var scratch = Path.Combine(Path.GetTempPath(), "scsn-samples-" + Guid.NewGuid().ToString("N"));
        var project = Path.Combine(DotnetBuild.RepositoryRoot, "tests", "ScSession.Analyzers.Samples", "ScSession.Analyzers.Samples.csproj");
        try
        {
            var build = await DotnetBuild.RunAsync(
                project,
                ["-p:ScsnErrors=" + (errors ? "true" : "false"), "-p:ScsnScratch=" + scratch],
                s_timeout);
            return (build.ExitCode, build.Output);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }
}
