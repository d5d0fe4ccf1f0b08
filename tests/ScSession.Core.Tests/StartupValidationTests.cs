using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScSession.Internal;

namespace ScSession.Core.Tests;

#pragma warning disable SCSN0102, SCSN0103 // deliberately bad keys and cookie settings: the start-up validation under test refuses them

/// <summary>Weak secret keys, cookie prefixes and the new limits fail at start-up with a message that says how to fix them.</summary>
public sealed class StartupValidationTests
{
    private static OptionsValidationException Refused(Action<ScSessionOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScSession(configure);
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ScSessionOptions>>().Value);
    }

    private static void Accepted(Action<ScSessionOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScSession(configure);
        using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<ScSessionOptions>>().Value;
    }

    public static TheoryData<string, string> WeakKeys() => new()
    {
        { new string('a', 40), "one character repeated" },
        { Convert.ToBase64String(new byte[32]), "one character repeated" },
        { string.Concat(Enumerable.Repeat("abc1", 10)), "repeats a pattern of 4" },
        { string.Concat(Enumerable.Repeat("hunter2!", 5)), "repeats a pattern of 8" },
        { "abcdefghijklmnopqrstuvwxyz0123456789", "counting sequence" },
        { Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)((i * 7) + 1))]), "counting sequence" },
        { "aaaabbbbccccddddaaaabbbbccccddddeeeeffff", "repeats what came before" },
        { "abcdefgabcdefgzyxwvutabcdefgzyxwvut-abcdefg", "repeats what came before" }, // valid base64url: the text is checked too
        { SevenLetterKey(), "only 7 different characters" },
        { "changeme-changeme-changeme-changeme", "repeats a pattern of 9" },
        { "Password123!Password123!Password123!", "repeats a pattern of 12" },
        { "Tr0ub4dor&3Tr0ub4dor&3Tr0ub4dor&3", "repeats a pattern of 11" },
        { "secret-key-secret-key-2-secret-key-3-secret-key-4", "repeats what came before" },
    };

    private static string SevenLetterKey()
    {
        var random = new Random(7);
        return new string([.. Enumerable.Range(0, 48).Select(_ => "abcdefg"[random.Next(7)])]);
    }

    [Theory]
    [MemberData(nameof(WeakKeys))]
    public void Obviously_weak_keys_are_refused_with_the_reason_and_how_to_make_a_good_one(string key, string reason)
    {
        var error = Refused(o => o.SecretKey = key);

        Assert.Contains("too weak", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weak_previous_key_is_refused_too_because_cookies_it_protects_could_be_forged()
    {
        var error = Refused(o =>
        {
            o.SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            o.PreviousSecretKeys.Add(new string('x', 32));
        });

        Assert.Contains("PreviousSecretKeys:0 is too weak", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_keys_and_long_passphrases_are_accepted()
    {
        for (var i = 0; i < 1000; i++)
        {
            var key = RandomNumberGenerator.GetBytes(32);
            Assert.Null(SecretKeyStrength.FindWeakness(key));
            Assert.False(SecretKeyStrength.LooksLikeText(key));
        }

        for (var i = 0; i < 2000; i++)
        {
            Assert.Null(SecretKeyStrength.FindWeakness(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            Assert.Null(SecretKeyStrength.FindWeakness(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)))); // openssl rand -hex 32
        }

        Accepted(o => o.SecretKey = "correct horse battery staple, then a few more words");
    }

    [Theory]
    [InlineData("correct horse battery staple, then a few more words", false)]
    [InlineData("ZGV2ZWxvcG1lbnQtb25seS1rZXktZG8tbm90LXNoaXAtdGhpcyE=", true)] // base64 of a sentence: text all the same
    public void Keys_that_are_text_are_noticed(string key, bool encoded)
    {
        Assert.True(SecretKeyParser.TryParse(key, out var material, out var wasEncoded));
        Assert.Equal(encoded, wasEncoded);
        Assert.True(SecretKeyStrength.LooksLikeText(material));
        Assert.True(SecretKeyStrength.EstimatedBits(material) > SecretKeyStrength.MinimumEstimatedBits);
    }

    [Fact]
    public void Standard_base64_keys_are_read_with_or_without_padding()
    {
        for (var i = 0; i < 200; i++)
        {
            var key = RandomNumberGenerator.GetBytes(32 + (i % 3));
            var text = Convert.ToBase64String(key);

            Assert.True(SecretKeyParser.TryParse(text.TrimEnd('='), out var material, out var encoded), text);
            Assert.True(encoded);
            Assert.Equal(key, material);
        }
    }

    [Fact]
    public void Estimated_entropy_of_random_keys_is_well_above_the_threshold()
    {
        var lowest = Enumerable.Range(0, 1000).Min(_ => SecretKeyStrength.EstimatedBits(RandomNumberGenerator.GetBytes(32)));

        Assert.True(lowest > SecretKeyStrength.MinimumEstimatedBits + 30, $"lowest estimate {lowest:0.0} bits");
        Assert.True(SecretKeyStrength.EstimatedBits(Encoding.ASCII.GetBytes("aaaaaaaabbbbbbbbccccccccdddddddd")) < SecretKeyStrength.MinimumEstimatedBits);
    }

    [Theory]
    [InlineData(CookieSecurePolicy.SameAsRequest, "/", null, "SecurePolicy to Always")]
    [InlineData(CookieSecurePolicy.Always, "/app", null, "Path=/")]
    [InlineData(CookieSecurePolicy.Always, "/", "example.com", "without a Domain")]
    public void Host_prefixed_cookie_names_need_Secure_root_path_and_no_domain(CookieSecurePolicy secure, string path, string? domain, string expected)
    {
        var error = Refused(o =>
        {
            o.Cookie.Name = "__Host-scs";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.Path = path;
            o.Cookie.Domain = domain;
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secure_prefixed_cookie_names_need_Secure()
    {
        var error = Refused(o =>
        {
            o.Cookie.Name = "__Secure-scs";
            o.Cookie.SecurePolicy = CookieSecurePolicy.None;
        });

        Assert.Contains("__Secure-", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_in_the_wrong_case_is_refused_because_browsers_would_not_apply_it()
    {
        var error = Refused(o => o.Cookie.Name = "__host-scs");

        Assert.Contains("case-sensitive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_prefixed_cookie_name_with_the_defaults_is_accepted()
    {
        Accepted(o => o.Cookie.Name = "__Host-scs");
        Accepted(o =>
        {
            o.Cookie.Name = "__Secure-scs";
            o.Cookie.Domain = "example.com";
        });
    }

    [Fact]
    public void Size_limit_and_clock_skew_are_validated()
    {
        Assert.Contains("MaxSessionSize", Refused(o => o.MaxSessionSize = 10).Message, StringComparison.Ordinal);
        Assert.Contains("MaxClockSkew", Refused(o => o.MaxClockSkew = TimeSpan.FromHours(2)).Message, StringComparison.Ordinal);
        Assert.Contains("MaxClockSkew", Refused(o => o.MaxClockSkew = TimeSpan.FromSeconds(-1)).Message, StringComparison.Ordinal);
    }
}
