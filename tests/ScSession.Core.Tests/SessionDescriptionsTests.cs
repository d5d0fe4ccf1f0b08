using System.Net;
using Microsoft.AspNetCore.Http;

namespace ScSession.Core.Tests;

/// <summary>The default "what device is this" description: coarse, made of known names only.</summary>
public sealed class SessionDescriptionsTests
{
    private static DefaultHttpContext Request(string? userAgent, string? address = null)
    {
        var context = new DefaultHttpContext();
        if (userAgent is not null)
        {
            context.Request.Headers.UserAgent = userAgent;
        }

        context.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
        return context;
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on macOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iPhone")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", "Chrome on Linux")]
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on ChromeOS")]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1", "Chrome on iPad")]
    [InlineData("curl/8.5.0", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_user_agent_becomes_its_browser_and_system(string? userAgent, string? expected)
        => Assert.Equal(expected, SessionDescriptions.FromUserAgent(Request(userAgent)));

    [Fact]
    public void A_hostile_user_agent_gives_only_known_names_and_only_its_start_is_read()
    {
        Assert.Equal("Firefox", SessionDescriptions.FromUserAgent(Request("<script>alert(1)</script> Firefox/1 '; DROP TABLE")));
        Assert.Null(SessionDescriptions.FromUserAgent(Request(new string('x', 100_000) + " Firefox/133.0 (Windows)")));
    }

    [Fact]
    public void The_ip_address_is_added_only_by_the_function_that_says_so()
    {
        const string Agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        Assert.Equal("Firefox on Windows", SessionDescriptions.FromUserAgent(Request(Agent, "203.0.113.7")));
        Assert.Equal("Firefox on Windows, 203.0.113.7", SessionDescriptions.FromUserAgentAndIpAddress(Request(Agent, "203.0.113.7")));
        Assert.Equal("203.0.113.7", SessionDescriptions.FromUserAgentAndIpAddress(Request(null, "203.0.113.7")));
        Assert.Null(SessionDescriptions.FromUserAgentAndIpAddress(Request(null)));
    }
}
