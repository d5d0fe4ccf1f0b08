using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests.Analyzers;

/// <summary>
/// A real <c>dotnet build</c> of tests/ScSession.Analyzers.Samples, a small web app full of deliberate mistakes:
/// every SCSN warning shows (and, with <c>-p:ScsnErrors=true</c>, every SCSN error and no CS9248 cascade; with
/// <c>-p:ScsnCompilerErrors=true</c>, a mistake that also fails the compilation, whose SCSN error still shows).
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
        foreach (var id in new[] { "SCSN0005", "SCSN0006", "SCSN0007", "SCSN0101", "SCSN0102", "SCSN0103", "SCSN0104" })
        {
            Assert.True(output.Contains("warning " + id + ":", StringComparison.Ordinal), $"{id} missing from the build output:\n{output}");
        }
    }

    [Fact]
    public async Task Every_error_shows_in_a_real_build_and_nothing_else_fails()
    {
        var (exitCode, output) = await BuildSamplesAsync(errors: true);

        Assert.NotEqual(0, exitCode);
        foreach (var id in new[] { "SCSN0001", "SCSN0002", "SCSN0003", "SCSN0004", "SCSN0008" })
        {
            Assert.True(output.Contains("error " + id + ":", StringComparison.Ordinal), $"{id} missing from the build output:\n{output}");
        }

        var otherErrors = output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal) && !l.Contains("error SCSN", StringComparison.Ordinal)).ToList();
        Assert.True(otherErrors.Count == 0, "Errors other than SCSN:\n" + string.Join("\n", otherErrors));
    }

    [Fact]
    public async Task A_mistake_that_also_fails_the_compilation_still_shows_its_SCSN_error()
    {
        var (exitCode, output) = await BuildSamplesAsync(errors: false, compilerErrors: true);

        // csc reports no analyzer diagnostic once the compilation has an error (the SCSN warnings are gone), but the
        // generator's SCSN0001 is there, next to the compiler's CS9248 it explains.
        Assert.NotEqual(0, exitCode);
        Assert.Contains("error SCSN0001: Containing type 'Outer' must be declared partial", output, StringComparison.Ordinal);
        Assert.Contains("error CS9248", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning SCSN0101", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> BuildSamplesAsync(bool errors, bool compilerErrors = false)
    {
        // A fresh output folder, so that the sample is always compiled (and its warnings printed) while the
        // referenced projects build incrementally.
        var scratch = Path.Combine(Path.GetTempPath(), "scsn-samples-" + Guid.NewGuid().ToString("N"));
        var project = Path.Combine(DotnetBuild.RepositoryRoot, "tests", "ScSession.Analyzers.Samples", "ScSession.Analyzers.Samples.csproj");
        try
        {
            var build = await DotnetBuild.RunAsync(
                project,
                ["-p:ScsnErrors=" + (errors ? "true" : "false"), "-p:ScsnCompilerErrors=" + (compilerErrors ? "true" : "false"), "-p:ScsnScratch=" + scratch],
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
