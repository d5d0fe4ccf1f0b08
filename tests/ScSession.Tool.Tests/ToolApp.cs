using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.Tool.Tests;

[SessionModel]
public partial class ToolCart
{
    public partial List<string> Items { get; set; }

    public partial string? Note { get; set; }
}

/// <summary>A model that can grow past one cookie, for chunking.</summary>
[SessionModel(Name = "blob")]
public partial class ToolBlob
{
    public partial string? Data { get; set; }
}

/// <summary>
/// A real ScSession app on TestServer whose cookies the tool decodes, and which reads the cookies the tool encodes:
/// a typed model, a flash message and an <c>HttpContext.Session</c> value.
/// </summary>
public sealed class ToolApp : IAsyncDisposable
{
    public const string ApplicationName = "ToolTestsApp";

    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private ToolApp(WebApplication app)
    {
        _app = app;
        _client = app.GetTestClient();
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <param name="key">The SecretKey; null: Data Protection.</param>
    /// <param name="previousKeys">PreviousSecretKeys.</param>
    /// <param name="cookieName">Cookie.Name, when not the default.</param>
    public static async Task<ToolApp> StartAsync(string? key, string[]? previousKeys = null, string? cookieName = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddScSession(options =>
        {
            options.SecretKey = key;
            options.ApplicationName = ApplicationName;
            foreach (var previous in previousKeys ?? [])
            {
                options.PreviousSecretKeys.Add(previous);
            }

            if (cookieName is not null)
            {
                options.Cookie.Name = cookieName;
            }
        });

        var app = builder.Build();
        app.UseScSession();
        app.MapPost("/fill", (ToolCart cart, HttpContext context) =>
        {
            cart.Items.Add("TEA-01");
            cart.Items.Add("Crème brûlée");
            cart.Note = "gift";
            context.Flash().Add("success", "Your cart was saved!");
            context.Session.SetString("greeting", "hello");
            return Results.NoContent();
        });
        app.MapPost("/blob/{length:int}", (int length, ToolBlob blob) =>
        {
            blob.Data = RandomNumberGenerator.GetHexString(length);
            return Results.NoContent();
        });
        app.MapGet("/cart", (ToolCart cart) => $"{string.Join(",", cart.Items)}|{cart.Note}");
        app.MapGet("/blob/length", (ToolBlob blob) => blob.Data?.Length ?? 0);
        await app.StartAsync();
        return new ToolApp(app);
    }

    /// <summary>Sends a POST and returns the Cookie header a browser would send next (every cookie the response set).</summary>
    public async Task<string> PostForCookieAsync(string path)
    {
        using var response = await _client.PostAsync(path, content: null);
        response.EnsureSuccessStatusCode();
        var pairs = response.Headers.GetValues("Set-Cookie")
            .Select(header => header[..header.IndexOf(';', StringComparison.Ordinal)])
            .Where(pair => !pair.EndsWith('='));
        return string.Join("; ", pairs);
    }

    /// <summary>GETs <paramref name="path"/> with <paramref name="cookieHeader"/> and returns the body.</summary>
    public async Task<string> GetAsync(string path, string cookieHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One in-process run of the tool: its exit code and what it wrote.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public static ToolResult Run(string[] args, string stdin = "", Dictionary<string, string>? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = ScSessionTool.Run(args, new StringReader(stdin), output, error, new System.Collections.Hashtable(environment ?? []));
        return new ToolResult(exitCode, output.ToString(), error.ToString());
    }

    public static ToolResult Run(params string[] args) => Run(args, string.Empty);

    /// <summary>stdout as JSON (asserting a success first, with stderr in the message).</summary>
    public System.Text.Json.JsonElement Json()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}: {Stderr}");
        return System.Text.Json.JsonDocument.Parse(Stdout).RootElement.Clone();
    }

    /// <summary>A failure is one line on stderr, nothing on stdout, no stack trace.</summary>
    public void AssertFailed(int exitCode, string messagePart)
    {
        Assert.True(ExitCode == exitCode, $"expected exit {exitCode}, got {ExitCode}: {Stderr}{Stdout}");
        Assert.Equal(string.Empty, Stdout);
        var lines = Stderr.TrimEnd('\n', '\r').Split('\n');
        Assert.True(lines.Length == 1, "expected one line on stderr:\n" + Stderr);
        Assert.StartsWith("scsession: ", Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Stderr, StringComparison.Ordinal);
        Assert.Contains(messagePart, Stderr, StringComparison.Ordinal);
    }
}
