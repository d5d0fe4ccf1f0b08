using System.Security.Cryptography;
using System.Text;
using ScSession.Internal;
using ScSession.TestSupport;

namespace ScSession.Core.Tests;

/// <summary>
/// Cookies of format 1 (<c>0x01</c>, AES-256-GCM with the key bound to the cookie name only) stay readable, so
/// nobody is signed out by an upgrade.
/// </summary>
public class CookieFormatV1Tests
{
    private static readonly byte[] s_secret = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    /// <summary>
    /// A format-1 cookie with fixed inputs: secret 00 01 … 1f, cookie name <c>.scs</c>, nonce 01 02 … 0c, session ID
    /// ab×32, created 1 700 000 000 000 ms, last seen 1 700 000 500 000 ms, one section <c>CartSession</c> =
    /// <c>{"items":[]}</c>. Computed outside .NET (Python's <c>cryptography</c> package) from the layout in
    /// docs/security.md, and read by the codec that wrote format 1.
    /// </summary>
    private const string GoldenV1Cookie =
        "AXQ5zz8BAgMEBQYHCAkKCwyzteycZy-Tg7npPWfwsZAfDHqv0VN2NDJz5oW9kpz_RVSqKsAfgL9o8e12pqbu-mOAmE5CB6BMihF9SZe_qNG2OjMshUq5OYAS8AdBWBDmBJQ4vpRjYVtSmyEfLOd4";

    private static SessionEnvelope GoldenEnvelope()
    {
        var envelope = new SessionEnvelope(
            [.. Enumerable.Repeat((byte)0xAB, 32)],
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_500_000));
        envelope.Sections["CartSession"] = """{"items":[]}"""u8.ToArray();
        return envelope;
    }

    private static CookieSessionCodec Codec(byte[] secret, params byte[][] previous) => new(".scs", secret, previous, dataProtection: null);

    [Fact]
    public void The_golden_format_1_cookie_is_read()
    {
        using var codec = Codec(s_secret);

        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(GoldenV1Cookie, out var decoded));

        var expected = GoldenEnvelope();
        Assert.Equal(expected.SessionId, decoded!.SessionId);
        Assert.Equal(expected.CreatedAt, decoded.CreatedAt);
        Assert.Equal(expected.LastSeenAt, decoded.LastSeenAt);
        Assert.Equal("""{"items":[]}""", Encoding.UTF8.GetString(decoded.Sections["CartSession"].Span));
    }

    [Fact]
    public void The_test_writer_reproduces_the_golden_cookie()
    {
        var nonce = Enumerable.Range(1, 12).Select(i => (byte)i).ToArray();

        Assert.Equal(GoldenV1Cookie, V1Cookie.Encode(s_secret, ".scs", GoldenEnvelope(), nonce));
    }

    [Fact]
    public void A_format_1_cookie_with_a_random_nonce_is_read()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        using var codec = Codec(secret);

        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(V1Cookie.Encode(secret, ".scs", GoldenEnvelope()), out var decoded));
        Assert.Equal(GoldenEnvelope().SessionId, decoded!.SessionId);
    }

    [Fact]
    public void A_format_1_cookie_of_a_previous_key_is_read_after_rotation()
    {
        var previous = RandomNumberGenerator.GetBytes(32);
        using var codec = Codec(RandomNumberGenerator.GetBytes(32), previous);

        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(V1Cookie.Encode(previous, ".scs", GoldenEnvelope()), out _));
    }

    [Fact]
    public void A_format_1_cookie_of_another_cookie_name_is_tampered()
    {
        using var codec = Codec(s_secret);

        Assert.Equal(CookieDecodeStatus.Tampered, codec.TryDecode(V1Cookie.Encode(s_secret, ".other", GoldenEnvelope()), out _));
    }
}
