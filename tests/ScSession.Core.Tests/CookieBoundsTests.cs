using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary>
/// The work a request causes is bounded by the bytes it sent and by the options, never by a number it claims: chunk
/// counts are checked before use, only chunks the request carried are expired, and a response never carries more
/// than <c>MaxCookieChunks + 1</c> session <c>Set-Cookie</c> headers.
/// </summary>
public sealed class CookieBoundsTests
{
    private const string Name = ".scs";
    private const int MaxChunks = 4;

    private static SessionCookieManager Manager() => new(chunkSize: 4050, maxChunks: MaxChunks);

    private static HttpContext Context(string cookieHeader)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = cookieHeader;
        return context;
    }

    [Theory]
    [InlineData(".scs=chunks-2147483647")]
    [InlineData(".scs=chunks-9223372036854775807")]
    [InlineData(".scs=chunks-5")]
    [InlineData(".scs=chunks-0")]
    [InlineData(".scs=chunks-01")]
    [InlineData(".scs=chunks-+1")]
    [InlineData(".scs=chunks-")]
    [InlineData(".scs=chunks-1")]
    [InlineData(".scs=chunks-2; .scsC1=ab")]
    [InlineData(".scs=chunks-2; .scsC2=ab")]
    [InlineData(".scs=chunks-2147483647; .scsC1=a; .scsC2=b; .scsC3=c; .scsC4=d")]
    public void Forged_or_impossible_chunk_counts_are_malformed(string header)
    {
        Assert.Equal(CookieReadStatus.Malformed, Manager().Read(Context(header).Request, Name, out _, out _));
    }

    [Fact]
    public void Reading_a_valid_chunked_cookie_reports_the_chunks_carried()
    {
        var status = Manager().Read(Context(".scs=chunks-2; .scsC1=ab; .scsC2=cd; .scsC4=zz; .scsC9=x").Request, Name, out var value, out var carried);

        Assert.Equal(CookieReadStatus.Found, status);
        Assert.Equal("abcd", value.ToString());
        Assert.Equal([1, 2, 4], Indices(carried)); // C9 is above MaxCookieChunks: never touched
    }

    [Theory]
    [InlineData(".scs=chunks-2147483647", 1)]
    [InlineData(".scs=chunks-2147483647; .scsC1=a; .scsC2=b; .scsC3=c; .scsC4=d; .scsC5=e; .scsC50=f", 5)]
    [InlineData(".scs=x; .scsC2=%41; .scsC3=\"q\"", 3)] // escapes and quotes: the framework's parse, same bound
    public void Deleting_expires_only_the_chunks_the_request_carried(string header, int expectedHeaders)
    {
        var context = Context(header);
        Manager().Read(context.Request, Name, out _, out var carried);

        SessionCookieManager.Delete(context, Name, new CookieOptions(), carried);

        var headers = context.Response.Headers.SetCookie;
        Assert.Equal(expectedHeaders, headers.Count);
        Assert.True(headers.Count <= MaxChunks + 1);
        Assert.All(headers, h => Assert.Contains("expires=Thu, 01 Jan 1970", h, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Writing_a_smaller_cookie_expires_the_carried_chunks_beyond_it_and_stays_within_the_bound()
    {
        var context = Context(".scs=chunks-4; .scsC1=a; .scsC2=b; .scsC3=c; .scsC4=d");
        var manager = Manager();
        manager.Read(context.Request, Name, out _, out var carried);

        manager.Write(context, Name, new string('v', 150), new CookieOptions(), perChunk: 100, carried);

        var headers = context.Response.Headers.SetCookie.Select(h => h!.Split('=')[0]).ToList();
        Assert.Equal([".scs", ".scsC1", ".scsC2", ".scsC3", ".scsC4"], headers);
    }

    [Fact]
    public void A_cookie_never_carried_is_never_expired()
    {
        var context = Context("other=1");
        Manager().Write(context, Name, "small", new CookieOptions(), perChunk: 100, default);

        Assert.Single(context.Response.Headers.SetCookie);
    }

    [Theory]
    [InlineData(".scsC1", 1)]
    [InlineData(".scsC4", 4)]
    [InlineData(".scsC5", 0)]
    [InlineData(".scsC0", 0)]
    [InlineData(".scsC01", 0)]
    [InlineData(".scsC-1", 0)]
    [InlineData(".scsC", 0)]
    [InlineData(".scs", 0)]
    [InlineData(".scsX1", 0)]
    [InlineData("x.scsC1", 0)]
    [InlineData(".scsC99999999999", 0)]
    public void Chunk_names_are_recognised_exactly(string cookieName, int index)
        => Assert.Equal(index, CarriedChunks.ChunkIndex(cookieName, Name, MaxChunks));

    [Fact]
    public void A_carried_chunk_set_enumerates_in_order_and_answers_above()
    {
        var set = default(CarriedChunks).With(3).With(1).With(50);

        Assert.Equal([1, 3, 50], Indices(set));
        Assert.True(set.AnyAbove(3));
        Assert.False(set.AnyAbove(50));
        Assert.False(default(CarriedChunks).AnyAbove(0));
        Assert.Equal(3, set.Count);
    }

    private static List<int> Indices(CarriedChunks set)
    {
        var indices = new List<int>();
        foreach (var index in set)
        {
            indices.Add(index);
        }

        return indices;
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\n")]
    [InlineData("A")]
    [InlineData("AQ=")]
    [InlineData("AQ==")]
    [InlineData("AR")] // a non-zero unused tail: another spelling of "AQ"
    [InlineData("AQI")]
    [InlineData("AQJ")] // 2 unused bits set
    [InlineData("A+B/")]
    [InlineData("AQ\u00e9A")]
    [InlineData("AQ%3D")]
    [InlineData("AQ AQ")]
    public void Strict_base64url_refuses_anything_but_the_canonical_spelling(string text)
    {
        var canonical = text is "AQI";
        Assert.Equal(canonical, StrictBase64Url.TryDecode(text, new byte[16], out _));
    }

    [Fact]
    public void Strict_base64url_reads_what_Base64Url_writes()
    {
        for (var length = 1; length < 100; length++)
        {
            var bytes = RandomNumberGenerator.GetBytes(length);
            var text = Base64Url.EncodeToString(bytes);
            var decoded = new byte[StrictBase64Url.DecodedLength(text.Length)];

            Assert.True(StrictBase64Url.TryDecode(text, decoded, out var written));
            Assert.Equal(bytes, decoded[..written]);
        }
    }
}
