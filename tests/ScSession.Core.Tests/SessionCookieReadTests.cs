using Microsoft.AspNetCore.Http;
using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary>
/// The session cookie is found in one pass over the <c>Cookie</c> header; whatever that pass reads, it must read the
/// same value as <see cref="HttpRequest.Cookies"/> (which it falls back to whenever the two could differ).
/// </summary>
public sealed class SessionCookieReadTests
{
    private const string Name = ".scs";

    [Theory]
    [InlineData(".scs=abc-_123")]
    [InlineData("a=1; .scs=abc; b=2")]
    [InlineData("a=1;.scs=abc")]
    [InlineData(".scsx=1; x.scs=2")]
    [InlineData(".scs=")]
    [InlineData("other=1")]
    [InlineData("")]
    [InlineData(".scs=abc; .scs=def")]
    [InlineData(".scs=\"abc\"")]
    [InlineData(".scs=a%2Db")]
    [InlineData("a b=1; .scs=abc")]
    [InlineData(".scs=abc;")]
    [InlineData(".scs=abc;; b=1")]
    [InlineData("a=\"q\"; .scs=abc")]
    [InlineData(".scs=chunks-2; .scsC1=ab; .scsC2=cd")]
    public void Reads_what_the_framework_reads(string header)
    {
        var expected = Framework(header);
        var status = Manager().Read(Request(header), Name, out var value, out _);

        if (expected is null)
        {
            Assert.Equal(CookieReadStatus.None, status);
        }
        else
        {
            Assert.Equal(CookieReadStatus.Found, status);
            Assert.Equal(expected.StartsWith("chunks-", StringComparison.Ordinal) ? Joined(header) : expected, value.ToString());
        }

        Assert.Equal(expected is not null, SessionCookieManager.HasCookie(Request(header), Name));
    }

    [Fact]
    public void Uses_the_parsed_cookies_when_they_exist()
    {
        var request = Request(".scs=abc");
        _ = request.Cookies.Count; // parsed by someone else first
        Assert.Equal(CookieReadStatus.Found, Manager().Read(request, Name, out var value, out _));
        Assert.Equal("abc", value.ToString());
    }

    private static SessionCookieManager Manager() => new(chunkSize: 4050, maxChunks: 5);

    private static HttpRequest Request(string header)
    {
        var context = new DefaultHttpContext();
        if (header.Length > 0)
        {
            context.Request.Headers.Cookie = header;
        }

        return context.Request;
    }

    private static string? Framework(string header) => Request(header).Cookies[Name];

    private static string Joined(string header)
    {
        var cookies = Request(header).Cookies;
        return cookies[Name + "C1"] + cookies[Name + "C2"];
    }
}
