using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using ScSession.Internal;
using ScSession.TestSupport;

namespace ScSession.Core.Tests;

/// <summary>
/// Cookies of format 1 (<c>0x01</c>: AES-256-GCM with the key bound to the cookie name only; <c>0x02</c>: Data
/// Protection) stay readable, so nobody is signed out by the upgrade, and are rewritten in format 2 when saved.
/// </summary>
public class CookieFormatV1Tests
{
    private static CookieSessionCodec Codec(byte[] secret, string applicationName = "Shop", params byte[][] previous)
        => new(GoldenCookies.CookieName, applicationName, secret, previous, dataProtection: null);

    [Fact]
    public void The_golden_format_1_cookie_is_read()
    {
        using var codec = Codec(GoldenCookies.Secret);

        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(GoldenCookies.V1, out var decoded));

        var expected = GoldenCookies.Envelope();
        Assert.Equal(expected.SessionId, decoded!.SessionId);
        Assert.Equal(expected.CreatedAt, decoded.CreatedAt);
        Assert.Equal(expected.LastSeenAt, decoded.LastSeenAt);
        Assert.Equal("""{"items":[]}""", Encoding.UTF8.GetString(decoded.Sections["CartSession"].Span));
    }

    [Fact]
    public void The_test_writer_reproduces_the_golden_cookie()
    {
        var nonce = Enumerable.Range(1, 12).Select(i => (byte)i).ToArray();

        Assert.Equal(GoldenCookies.V1, V1Cookie.Encode(GoldenCookies.Secret, GoldenCookies.CookieName, GoldenCookies.Envelope(), nonce));
        Assert.Equal(GoldenCookies.KeyId, V1Cookie.KeyId(GoldenCookies.Secret));
    }

    [Fact]
    public void A_format_1_cookie_with_a_random_nonce_is_read()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        using var codec = Codec(secret);

        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(V1Cookie.Encode(secret, ".scs", GoldenCookies.Envelope()), out var decoded));
        Assert.Equal(GoldenCookies.Envelope().SessionId, decoded!.SessionId);
    }

    [Fact]
    public void A_format_1_cookie_is_rewritten_in_format_2_when_saved()
    {
        using var codec = Codec(GoldenCookies.Secret);
        codec.TryDecode(GoldenCookies.V1, out var decoded);

        var rewritten = codec.Encode(decoded!);

        var raw = Base64Url.DecodeFromChars(rewritten);
        Assert.Equal(CookieFormat.XaesV2, raw[0]);
        Assert.Equal(GoldenCookies.KeyId, BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(1)));
        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(rewritten, out var again));
        Assert.Equal(decoded!.SessionId, again!.SessionId);
    }

    [Fact]
    public void A_format_1_cookie_is_not_bound_to_the_application_until_it_is_rewritten()
    {
        using var shop = Codec(GoldenCookies.Secret, "Shop");
        using var admin = Codec(GoldenCookies.Secret, "Admin");

        // Format 1 knew no application: any application with the key and cookie name reads it (documented).
        Assert.Equal(CookieDecodeStatus.Success, admin.TryDecode(GoldenCookies.V1, out _));

        shop.TryDecode(GoldenCookies.V1, out var decoded);
        Assert.Equal(CookieDecodeStatus.Tampered, admin.TryDecode(shop.Encode(decoded!), out _));
    }

    [Fact]
    public void A_format_1_cookie_of_a_previous_key_is_read_after_rotation()
    {
        var previous = RandomNumberGenerator.GetBytes(32);
        using var codec = Codec(RandomNumberGenerator.GetBytes(32), "Shop", previous);

        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(V1Cookie.Encode(previous, ".scs", GoldenCookies.Envelope()), out var decoded));
        var rewritten = Base64Url.DecodeFromChars(codec.Encode(decoded!));
        Assert.NotEqual(V1Cookie.KeyId(previous), BinaryPrimitives.ReadUInt32BigEndian(rewritten.AsSpan(1)));
    }

    [Fact]
    public void A_format_1_cookie_of_an_unknown_key_is_an_unknown_key()
    {
        using var codec = Codec(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(CookieDecodeStatus.UnknownKey, codec.TryDecode(GoldenCookies.V1, out _));
    }

    [Fact]
    public void A_format_1_cookie_of_another_cookie_name_is_tampered()
    {
        using var codec = Codec(GoldenCookies.Secret);

        Assert.Equal(CookieDecodeStatus.Tampered, codec.TryDecode(V1Cookie.Encode(GoldenCookies.Secret, ".other", GoldenCookies.Envelope()), out _));
    }

    [Fact]
    public void A_format_1_data_protection_cookie_is_read_and_rewritten_in_format_2()
    {
        var provider = new EphemeralDataProtectionProvider();
        var envelope = GoldenCookies.Envelope();
        var plaintext = new byte[envelope.GetEncodedLength()];
        envelope.WriteTo(plaintext);
        // Format 1's Data Protection cookie: 0x02, then the payload protected with purposes ("ScSession.Cookie.v1", cookie name).
        var v1 = Base64Url.EncodeToString([0x02, .. provider.CreateProtector("ScSession.Cookie.v1", ".scs").Protect(plaintext)]);
        using var codec = new CookieSessionCodec(".scs", "Shop", null, [], provider);

        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(v1, out var decoded));
        Assert.Equal(envelope.SessionId, decoded!.SessionId);
        Assert.Equal(CookieFormat.DataProtectionV2, Base64Url.DecodeFromChars(codec.Encode(decoded))[0]);
    }
}
