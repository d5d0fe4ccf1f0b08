using System.Buffers.Binary;
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
        => AppCodec(key, "Shop", cookieName, previous);

    private static CookieSessionCodec AppCodec(byte[] key, string applicationName, string cookieName = ".scs", params byte[][] previous)
        => new(cookieName, applicationName, key, previous, dataProtection: null);

    private static CookieSessionCodec DataProtectionCodec(IDataProtectionProvider provider, string applicationName = "Shop")
        => new(".scs", applicationName, null, [], provider);

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
    public void Writes_format_2_with_a_24_byte_nonce()
    {
        using var codec = KeyCodec(s_key);
        var envelope = SampleEnvelope();

        var raw = Base64Url.DecodeFromChars(codec.Encode(envelope));

        Assert.Equal(CookieFormat.XaesV2, raw[0]);
        Assert.Equal(1 + 4 + 24 + envelope.GetEncodedLength() + 16, raw.Length);
    }

    [Fact]
    public void The_golden_format_2_cookie_is_read()
    {
        using var codec = AppCodec(GoldenCookies.Secret, GoldenCookies.V2ApplicationName);

        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(GoldenCookies.V2, out var decoded));
        AssertSameEnvelope(GoldenCookies.Envelope(), decoded);
    }

    [Fact]
    public void Format_1_and_2_cookies_of_one_secret_carry_the_same_key_id()
    {
        using var codec = AppCodec(GoldenCookies.Secret, GoldenCookies.V2ApplicationName);
        var keyIds = new[] { GoldenCookies.V1, GoldenCookies.V2, codec.Encode(SampleEnvelope()) }
            .Select(v => BinaryPrimitives.ReadUInt32BigEndian(Base64Url.DecodeFromChars(v).AsSpan(1)));

        Assert.All(keyIds, id => Assert.Equal(GoldenCookies.KeyId, id));
    }

    [Fact]
    public void Cookie_of_another_application_with_the_same_key_and_cookie_name_is_tampered()
    {
        using var shop = AppCodec(s_key, "Shop");
        using var admin = AppCodec(s_key, "Admin");

        Assert.Equal(CookieDecodeStatus.Tampered, admin.TryDecode(shop.Encode(SampleEnvelope()), out var decoded));
        Assert.Null(decoded);
        Assert.Equal(CookieDecodeStatus.Tampered, shop.TryDecode(admin.Encode(SampleEnvelope()), out _));
    }

    [Fact]
    public void Applications_with_the_same_application_name_share_sessions()
    {
        using var first = AppCodec(s_key, "Shared");
        using var second = AppCodec(s_key, "Shared");
        var envelope = SampleEnvelope();

        Assert.Equal(CookieDecodeStatus.Success, second.TryDecode(first.Encode(envelope), out var decoded));
        AssertSameEnvelope(envelope, decoded);
    }

    [Fact]
    public void Cookie_name_and_application_name_are_bound_with_their_lengths()
    {
        using var split1 = AppCodec(s_key, "bc", cookieName: "a");
        using var split2 = AppCodec(s_key, "c", cookieName: "ab");

        Assert.Equal(CookieDecodeStatus.Tampered, split2.TryDecode(split1.Encode(SampleEnvelope()), out _));
    }

    [Fact]
    public void Application_names_compare_exactly()
    {
        using var lower = AppCodec(s_key, "shop");
        using var upper = AppCodec(s_key, "Shop");

        Assert.Equal(CookieDecodeStatus.Tampered, upper.TryDecode(lower.Encode(SampleEnvelope()), out _));
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
        using var codec = DataProtectionCodec(new EphemeralDataProtectionProvider());
        var envelope = SampleEnvelope();

        var value = codec.Encode(envelope);

        Assert.True(codec.UsesDataProtection);
        Assert.Equal(CookieFormat.DataProtectionV2, Base64Url.DecodeFromChars(value)[0]);
        Assert.Equal(CookieDecodeStatus.Success, codec.TryDecode(value, out var decoded));
        AssertSameEnvelope(envelope, decoded);
    }

    [Fact]
    public void Data_protection_cookie_is_bound_to_the_application()
    {
        var provider = new EphemeralDataProtectionProvider();
        using var shop = DataProtectionCodec(provider, "Shop");
        using var admin = DataProtectionCodec(provider, "Admin");
        using var shopAgain = DataProtectionCodec(provider, "Shop");

        var value = shop.Encode(SampleEnvelope());

        Assert.Equal(CookieDecodeStatus.Tampered, admin.TryDecode(value, out _));
        Assert.Equal(CookieDecodeStatus.Success, shopAgain.TryDecode(value, out _));
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
    public void Previous_key_of_another_application_is_still_tampered()
    {
        using var before = AppCodec(s_otherKey, "Admin");
        using var after = AppCodec(s_key, "Shop", ".scs", s_otherKey);

        Assert.Equal(CookieDecodeStatus.Tampered, after.TryDecode(before.Encode(SampleEnvelope()), out _));
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
        using var dataProtection = DataProtectionCodec(new EphemeralDataProtectionProvider());
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
    [InlineData("Aw")]
    [InlineData("A3Q5zz8BAgMEBQYHCAkKCwwNDg8QERITFBUWFxi9")] // format 2, shorter than header + nonce + tag
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
