using System.Diagnostics;

namespace ScSession.Tool.Tests;

/// <summary><c>scsession keygen</c>, the help text and command-line errors, and the built tool run as a process.</summary>
public sealed class KeygenAndCommandLineTests
{
    [Fact]
    public void Keygen_prints_32_random_bytes_of_base64_on_one_line_different_each_time()
    {
        var first = ToolResult.Run("keygen");
        var second = ToolResult.Run("keygen");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Stdout.TrimEnd() + Environment.NewLine, first.Stdout);
        Assert.Equal(32, Convert.FromBase64String(first.Stdout.Trim()).Length);
        Assert.NotEqual(first.Stdout, second.Stdout);
    }

    [Fact]
    public async Task An_app_runs_with_a_keygen_key_and_the_tool_decodes_its_cookie()
    {
        // The app validates its key at start-up (length and strength): a keygen key passes.
        var key = ToolResult.Run("keygen").Stdout.Trim();
        await using var app = await ToolApp.StartAsync(key);

        var header = await app.PostForCookieAsync("/fill");

        Assert.Equal(0, ToolResult.Run("decode", "--key", key, "--app", ToolApp.ApplicationName, header).ExitCode);
    }

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("decode", "--help")]
    public void Help_lists_the_commands_and_options(params string[] args)
    {
        var result = ToolResult.Run(args);

        Assert.Equal(0, result.ExitCode);
        foreach (var word in new[] { "keygen", "decode", "encode", "--key", "--previous-key", "--cookie-name", "--app", "--header", "SCSESSION_KEY" })
        {
            Assert.Contains(word, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("unknown command 'frobnicate'", "frobnicate")]
    [InlineData("unknown option '--kee' for decode", "decode", "--kee", "x")]
    [InlineData("unknown option '-k'", "decode", "-k", "x")]
    [InlineData("--key needs a value", "decode", "--key")]
    [InlineData("--key was given 2 times", "decode", "--key", "a", "--key", "b", "x")]
    [InlineData("--header takes no value", "encode", "--header=yes", "x")]
    [InlineData("decode takes one", "decode", "--key", "k", "a", "b")]
    [InlineData("keygen takes no arguments", "keygen", "extra")]
    [InlineData("unknown option '--previous-key' for encode", "encode", "--previous-key", "k", "{}")]
    public void Command_line_mistakes_are_usage_errors(string message, params string[] args)
        => ToolResult.Run(args).AssertFailed(2, message);

    [Fact]
    public void A_value_after_a_double_dash_may_start_with_a_dash()
        => ToolResult.Run("decode", "--key", ToolApp.NewKey(), "--", "-AAA").AssertFailed(1, "not a ScSession cookie");

    [Fact]
    public async Task The_built_tool_runs_as_a_process()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolAssemblyPath());
        start.ArgumentList.Add("keygen");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal(32, Convert.FromBase64String((await stdout).Trim()).Length);
    }

    /// <summary>
    /// The tool's own build output (with its runtimeconfig, as <c>dotnet tool install</c> lays it out): the referenced
    /// assembly copied next to the tests has none.
    /// </summary>
    private static string ToolAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name; // net10.0
        var configuration = testOutput.Parent!.Name; // Debug or Release
        var repository = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName; // tests/ScSession.Tool.Tests/bin/<c>/<tfm>
        var path = Path.Combine(repository, "src", "ScSession.Tool", "bin", configuration, framework, "ScSession.Tool.dll");
        Assert.True(File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")), "the tool is not built at " + path);
        return path;
    }
}
