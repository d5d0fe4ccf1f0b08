using Microsoft.AspNetCore.Http;
using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary>
/// The session cookie is read from the raw <c>Cookie</c> header: its exact value (never %-unescaped or unquoted), its
/// name compared ordinally, the first non-empty occurrence when it occurs twice. So each session has one spelling.
/// </summary>
public sealed class SessionCookieReadTests
{
    private const string Name = ".scs";

    [Theory]
    [InlineData(".scs=abc-_123", "abc-_123")]
    [InlineData("a=1; .scs=abc; b=2", "abc")]
    [InlineData("a=1;.scs=abc", "abc")]
    [InlineData("a=1 ;\t.scs=abc\t ; b=2", "abc")]
    [InlineData(".scsx=1; x.scs=2", null)]
    [InlineData(".scs=", null)]
    [InlineData(".scs", null)]
    [InlineData("other=1", null)]
    [InlineData("", null)]
    [InlineData(".scs=abc; .scs=def", "abc")] // the first counts (longer paths, then older cookies, come first)
    [InlineData(".scs=; .scs=def", "def")]
    [InlineData(".scs=\"abc\"", "\"abc\"")] // raw: the quotes make it malformed later
    [InlineData(".scs=a%2Db", "a%2Db")]     // raw: never unescaped into another spelling of "a-b"
    [InlineData(".SCS=abc", null)]          // names are case-sensitive
    [InlineData(".SCS=abc; x=%41", null)]
    [InlineData("a b=1; .scs=abc", "abc")]
    [InlineData(".scs=abc;", "abc")]
    [InlineData(".scs=abc;; b=1", "abc")]
    [InlineData(".scs=a=b", "a=b")]
    public void Reads_the_raw_value_of_the_first_occurrence(string header, string? expected)
    {
        var status = Manager().Read(Request(header), Name, out var value, out _);

        if (expected is null)
        {
            Assert.Equal(CookieReadStatus.None, status);
        }
        else
        {
            Assert.Equal(CookieReadStatus.Found, status);
            Assert.Equal(expected, value.ToString());
        }

        Assert.Equal(expected is not null, SessionCookieManager.HasCookie(Request(header), Name));
    }

    [Theory]
    [InlineData(".scs=chunks-2; .scsC1=ab; .scsC2=cd", "abcd")]
    [InlineData(".scsC2=cd; .scs=chunks-2; .scsC1=ab", "abcd")]
    [InlineData(".scs=chunks-2; .scsC1=ab; .scsC2=cd; .scsC1=xx", "abcd")]
    [InlineData(".scs=chunks-1; .scsC1=ab; .scsC2=cd", "ab")]
    public void Joins_chunks_in_index_order(string header, string expected)
    {
        Assert.Equal(CookieReadStatus.Found, Manager().Read(Request(header), Name, out var value, out _));
        Assert.Equal(expected, value.ToString());
    }

    [Fact]
    public void Reads_the_header_even_when_the_framework_parsed_the_cookies_first()
    {
        var request = Request(".scs=abc; x=%41");
        _ = request.Cookies.Count;

        Assert.Equal(CookieReadStatus.Found, Manager().Read(request, Name, out var value, out _));
        Assert.Equal("abc", value.ToString());
    }

    [Fact]
    public void An_unchunked_value_is_a_slice_of_the_header_not_a_copy()
    {
        const string Header = "a=1; .scs=abcdef";

        Manager().Read(Request(Header), Name, out var value, out _);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetString(value, out var text, out var start, out _));
        Assert.Same(Header, text);
        Assert.Equal(10, start);
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
}
