using System.Diagnostics;
using System.Text;

namespace ScSession.Packaging.Tests;

/// <summary>
/// Packs ScSession and ScSession.Redis into a folder feed, then builds and runs a fresh consumer app that references
/// only the packages: its [SessionModel] is generated, a request round-trips a session, and an analyzer warning shows.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private const string Version = "0.0.0-packagetest";
    private readonly string _work = Directory.CreateTempSubdirectory("scsession-pack-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScSession.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ScSession.sln not found above " + AppContext.BaseDirectory);
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    [Fact]
    public async Task Fresh_consumer_of_the_packages_gets_the_generator_the_runtime_and_the_analyzers()
    {
        // Pack from a copy of the sources, so this test never touches the build output of the checkout it runs in.
        var root = RepositoryRoot();
        var repo = Path.Combine(_work, "repo");
        Copy(Path.Combine(root, "src"), Path.Combine(repo, "src"));
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "README.md", "LICENSE", ".editorconfig" })
        {
            File.Copy(Path.Combine(root, file), Path.Combine(repo, file));
        }

        var feed = Path.Combine(_work, "feed");
        foreach (var project in new[] { "ScSession.Core", "ScSession.Redis" })
        {
            var (code, output) = await RunAsync(repo, null, "pack", $"src/{project}", "-c", "Release", "-o", feed, $"-p:Version={Version}");
            Assert.True(code == 0, $"dotnet pack {project} failed:\n{output}");
        }

        Assert.True(File.Exists(Path.Combine(feed, $"ScSession.{Version}.nupkg")));
        Assert.True(File.Exists(Path.Combine(feed, $"ScSession.{Version}.snupkg")));
        Assert.True(File.Exists(Path.Combine(feed, $"ScSession.Redis.{Version}.nupkg")));

        // Sources: the fresh feed, and the machine's package cache (a folder feed too) for third-party
        // dependencies such as StackExchange.Redis, which the pack step above has restored into it.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ScSession.Redis" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), ConsumerProgram);

        // A private package folder: the test version never lands in (or comes from) the machine's NuGet cache.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work, "packages") };
        var build = await RunAsync(consumer, environment, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, $"consumer build failed:\n{build.Output}");
        Assert.Contains("warning SCSN0101", build.Output, StringComparison.Ordinal);

        environment["ScSession__SecretKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var run = await RunAsync(consumer, environment, "run", "-c", "Release", "--no-build");
        Assert.True(run.ExitCode == 0, $"consumer run failed:\n{run.Output}");
        Assert.Contains("ROUND TRIP OK: 1 then 2", run.Output, StringComparison.Ordinal);
    }

    private const string ConsumerProgram = """
        using ScSession;

        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddScSession();
        var app = builder.Build();
        app.UseScSession();
        app.MapGet("/visit", (VisitSession visit) => ++visit.Count);
        await app.StartAsync();

        var address = app.Urls.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var first = await client.GetAsync("/visit");
        var cookie = first.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        using var second = new HttpRequestMessage(HttpMethod.Get, "/visit");
        second.Headers.Add("Cookie", cookie);
        var again = await client.SendAsync(second);
        Console.WriteLine($"ROUND TRIP OK: {await first.Content.ReadAsStringAsync()} then {await again.Content.ReadAsStringAsync()}");
        await app.StopAsync();

        [SessionModel]
        public partial class VisitSession
        {
            public partial int Count { get; set; }

            public partial string? Password { get; set; } // SCSN0101: a secret in a session
        }
        """;
}
