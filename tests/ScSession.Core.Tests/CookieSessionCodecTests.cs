using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using ScSession.Internal;

namespace ScSession.Core.Tests;

public class CookieSessionCodecTests
{
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] s_otherKey = RandomNumberGenerator.GetBytes(32);

    private static SessionEnvelope SampleEnvelope()
    {
        var envelope = new SessionEnvelope(RandomNumberGenerator.GetBytes(32), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_500_000));
        envelope.Sections["CartSession"] = Encoding.UTF8.GetBytes("""{"items":[{"sku":"A-1","quantity":2}]}""");
        envelope.Sections["UserSession"] = Encoding.UTF8.GetBytes("""{"name":"Zoë"}""");
        return envelope;
    }

    private static CookieSessionCodec KeyCodec(byte[] key, string cookieName = ".scs", params byte[][] previous)
        => new(cookieName, key, previous, dataProtection: null);

    private static void AssertSameEnvelope(SessionEnvelope expected, SessionEnvelope? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.SessionId, actual.SessionId);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.LastSeenAt, actual.LastSeenAt);
        Assert.Equal(expected.Sections.Keys.Order(), actual.Sections.Keys.Order());
        foreach (var (name, data) in expected.Sections)
        {
            Assert.Equal(data.ToArray(), actual.Sections[name].ToArray());
        }
    }

    [Fact]
    public void Round_trip_with_secret_key()
    {
        using var codec = KeyCodec(s_key);
        var envelope = SampleEnvelope();

        var value = codec.Encode(envelope);

        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(value, out var decoded));
        AssertSameEnvelope(envelope, decoded);
        Assert.True(Base64Url.IsValid(value), "the cookie value is base64url");
        Assert.DoesNotContain("CartSession", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_write_uses_a_fresh_nonce()
    {
        using var codec = KeyCodec(s_key);
        var envelope = SampleEnvelope();

        Assert.NotEqual(codec.Encode(envelope), codec.Encode(envelope));
    }

    [Fact]
    public void Round_trip_with_data_protection()
    {
        using var codec = new CookieSessionCodec(".scs", null, [], new EphemeralDataProtectionProvider());
        var envelope = SampleEnvelope();

        Assert.True(codec.UsesDataProtection);
        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(codec.Encode(envelope), out var decoded));
        AssertSameEnvelope(envelope, decoded);
    }

    [Fact]
    public void Previous_key_still_reads_after_rotation()
    {
        using var before = KeyCodec(s_otherKey);
        using var after = KeyCodec(s_key, ".scs", s_otherKey);
        var envelope = SampleEnvelope();

        Assert.Equal(CookieDecodeStatus.Success, after.TryDecode(before.Encode(envelope), out var decoded));
        AssertSameEnvelope(envelope, decoded);
    }

    [Fact]
    public void New_cookies_use_the_current_key_not_a_previous_one()
    {
        using var after = KeyCodec(s_key, ".scs", s_otherKey);
        using var currentOnly = KeyCodec(s_key);

        Assert.Equal(CookieDecodeStatus.Success, currentOnly.TryDecode(after.Encode(SampleEnvelope()), out _));
    }

    [Fact]
    public void Unknown_key_is_reported_as_such()
    {
        using var writer = KeyCodec(s_otherKey);
        using var reader = KeyCodec(s_key);

        Assert.Equal(CookieDecodeStatus.UnknownKey, reader.TryDecode(writer.Encode(SampleEnvelope()), out var decoded));
        Assert.Null(decoded);
    }

    [Fact]
    public void Data_protection_cookie_read_with_a_secret_key_is_an_unknown_key()
    {
        using var dataProtection = new CookieSessionCodec(".scs", null, [], new EphemeralDataProtectionProvider());
        using var keyed = KeyCodec(s_key);

        Assert.Equal(CookieDecodeStatus.UnknownKey, keyed.TryDecode(dataProtection.Encode(SampleEnvelope()), out _));
        Assert.Equal(CookieDecodeStatus.UnknownKey, dataProtection.TryDecode(keyed.Encode(SampleEnvelope()), out _));
    }

    [Fact]
    public void Cookie_written_for_another_cookie_name_is_tampered()
    {
        using var cart = KeyCodec(s_key, ".cart");
        using var session = KeyCodec(s_key, ".scs");

        Assert.Equal(CookieDecodeStatus.Tampered, session.TryDecode(cart.Encode(SampleEnvelope()), out _));
    }

    [Fact]
    public void Every_flipped_byte_after_the_key_id_is_detected_as_tampering()
    {
        using var codec = KeyCodec(s_key);
        var raw = Base64Url.DecodeFromChars(codec.Encode(SampleEnvelope()));

        for (var i = 5; i < raw.Length; i++)
        {
            var copy = (byte[])raw.Clone();
            copy[i] ^= 0x01;
            Assert.Equal(CookieDecodeStatus.Tampered, codec.TryDecode(Base64Url.EncodeToString(copy), out var decoded));
            Assert.Null(decoded);
        }
    }

    [Fact]
    public void Flipped_key_id_is_an_unknown_key()
    {
        using var codec = KeyCodec(s_key);
        var raw = Base64Url.DecodeFromChars(codec.Encode(SampleEnvelope()));
        raw[2] ^= 0x40;

        Assert.Equal(CookieDecodeStatus.UnknownKey, codec.TryDecode(Base64Url.EncodeToString(raw), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AQ")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%%%%")]
    public void Garbage_is_malformed(string value)
    {
        using var codec = KeyCodec(s_key);

        Assert.Equal(CookieDecodeStatus.Malformed, codec.TryDecode(value, out var decoded));
        Assert.Null(decoded);
    }

    [Fact]
    public void Truncated_cookie_is_refused()
    {
        using var codec = KeyCodec(s_key);
        var value = codec.Encode(SampleEnvelope());

        for (var length = 0; length < value.Length; length += 7)
        {
            var status = codec.TryDecode(value.AsSpan(0, length), out var decoded);
            Assert.NotEqual(CookieDecodeStatus.Success, status);
            Assert.Null(decoded);
        }
    }
}
