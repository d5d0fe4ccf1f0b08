using Microsoft.AspNetCore.Http;

namespace ScSession;

/// <summary>
/// Ready-made <see cref="ScSessionOptions.DescribeSession"/> functions: what a user recognizes a session by when the
/// application lists their devices ("Firefox on Windows").
/// </summary>
public static class SessionDescriptions
{
    // A User-Agent is the client's to choose: only its start is read, and only known names come out.
    private const int ReadAtMost = 512;

    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari, and every one says Mozilla.
    private static readonly (string Token, string Name)[] s_browsers =
    [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chrome/", "Chrome"), ("Safari/", "Safari"),
    ];

    private static readonly (string Token, string Name)[] s_systems =
    [
        ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("CrOS", "ChromeOS"), ("Windows", "Windows"),
        ("Macintosh", "macOS"), ("Mac OS X", "macOS"), ("Linux", "Linux"),
    ];

    /// <summary>
    /// The browser and operating system named by the request's <c>User-Agent</c>, coarsely ("Firefox on Windows",
    /// "Safari on iPhone"), or <see langword="null"/> when it names neither. Never the header itself: the result is
    /// made only of known names, so a hostile header cannot put its text in the listing. The default of
    /// <see cref="ScSessionOptions.DescribeSession"/>.
    /// </summary>
    public static string? FromUserAgent(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Request.Headers.UserAgent.ToString();
        var agent = header.AsSpan(0, Math.Min(header.Length, ReadAtMost));
        var browser = First(agent, s_browsers);
        var system = First(agent, s_systems);
        return (browser, system) switch
        {
            (null, null) => null,
            (null, _) => system,
            (_, null) => browser,
            _ => $"{browser} on {system}",
        };
    }

    /// <summary>
    /// <see cref="FromUserAgent"/> followed by the client's IP address (<see cref="ConnectionInfo.RemoteIpAddress"/>;
    /// behind a proxy, add <c>UseForwardedHeaders</c> first). An IP address is personal data: opt in knowingly.
    /// </summary>
    public static string? FromUserAgentAndIpAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var device = FromUserAgent(context);
        var address = context.Connection.RemoteIpAddress?.ToString();
        return (device, address) switch
        {
            (_, null) => device,
            (null, _) => address,
            _ => $"{device}, {address}",
        };
    }

    private static string? First(ReadOnlySpan<char> agent, (string Token, string Name)[] names)
    {
        foreach (var (token, name) in names)
        {
            if (agent.Contains(token, StringComparison.Ordinal))
            {
                return name;
            }
        }

        return null;
    }
}
