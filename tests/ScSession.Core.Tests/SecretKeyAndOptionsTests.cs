using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScSession.Internal;

namespace ScSession.Core.Tests;

public class SecretKeyAndOptionsTests
{
    [Fact]
    public void Base64_key_of_32_bytes_is_used_decoded()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        Assert.True(SecretKeyParser.TryParse(Convert.ToBase64String(key), out var material));
        Assert.Equal(key, material);
    }

    [Fact]
    public void Raw_text_of_32_characters_is_used_as_it_is()
    {
        Assert.True(SecretKeyParser.TryParse("correct horse battery staple and more", out var material));
        Assert.Equal(37, material.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("short")]
    [InlineData("c2hvcnQga2V5IGluIGJhc2U2NA==")]
    public void Short_keys_are_refused(string? key) => Assert.False(SecretKeyParser.TryParse(key, out _));

    private static ScSessionOptions Resolve(Action<ScSessionOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScSession(configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ScSessionOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_secure()
    {
        var options = Resolve(_ => { });

        Assert.Equal(".scs", options.Cookie.Name);
        Assert.True(options.Cookie.HttpOnly);
        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always, options.Cookie.SecurePolicy);
        Assert.Equal(Microsoft.AspNetCore.Http.SameSiteMode.Lax, options.Cookie.SameSite);
        Assert.True(options.IdleTimeout > TimeSpan.Zero);
        Assert.True(options.AbsoluteTimeout >= options.IdleTimeout);
    }

    [Fact]
    public void Short_secret_key_fails_with_a_message_that_says_how_to_make_one()
    {
#pragma warning disable SCSN0102 // a deliberately bad key: the validation under test rejects it
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(o => o.SecretKey = "too-short"));
#pragma warning restore SCSN0102

        Assert.Contains("SecretKey is too short", error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
        Assert.Contains("scsession keygen", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 60, "IdleTimeout must be positive")]
    [InlineData(-5, 60, "IdleTimeout must be positive")]
    [InlineData(10, 0, "AbsoluteTimeout must be positive")]
    [InlineData(120, 60, "longer than ScSession:AbsoluteTimeout")]
    public void Impossible_timeouts_fail(int idleMinutes, int absoluteMinutes, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(idleMinutes);
            o.AbsoluteTimeout = TimeSpan.FromMinutes(absoluteMinutes);
        }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, null, "RememberedIdleTimeout (00:10:00) is shorter than ScSession:IdleTimeout")]
    [InlineData(null, 0.5, "RememberedAbsoluteTimeout (12:00:00) is shorter than ScSession:AbsoluteTimeout")]
    [InlineData(null, 401.0, "longer than the 400 days browsers keep a cookie")]
    [InlineData(60 * 24 * 3, 2.0, "remembered idle window (3.00:00:00) is longer than the remembered absolute window (2.00:00:00)")]
    [InlineData(60 * 24 * 3, null, "remembered idle window (3.00:00:00) is longer than the remembered absolute window (1.00:00:00)")]
    public void Impossible_remembered_windows_fail(int? idleMinutes, double? absoluteDays, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(20);
            o.AbsoluteTimeout = TimeSpan.FromDays(1);
            o.RememberedIdleTimeout = idleMinutes is { } idle ? TimeSpan.FromMinutes(idle) : null;
            o.RememberedAbsoluteTimeout = absoluteDays is { } absolute ? TimeSpan.FromDays(absolute) : null;
        }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remembered_windows_are_optional_and_bind_from_configuration()
    {
        var options = Resolve(_ => { });
        Assert.Null(options.RememberedIdleTimeout);
        Assert.Null(options.RememberedAbsoluteTimeout);

        var bound = Resolve(o =>
        {
            o.RememberedIdleTimeout = TimeSpan.FromDays(14);
            o.RememberedAbsoluteTimeout = TimeSpan.FromDays(30);
        });
        Assert.Equal(TimeSpan.FromDays(14), bound.RememberedIdleTimeout);
    }

    [Fact]
    public void Previous_keys_without_a_current_key_fail()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(o => o.PreviousSecretKeys.Add(Convert.ToBase64String(new byte[32]))));

        Assert.Contains("PreviousSecretKeys is set but ScSession:SecretKey is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cookie_expiration_must_come_from_the_timeouts()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(o => o.Cookie.MaxAge = TimeSpan.FromDays(1)));

        Assert.Contains("lifetime follows IdleTimeout and AbsoluteTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_the_ScSession_configuration_section()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var previous = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ScSession:SecretKey"] = key,
                ["ScSession:PreviousSecretKeys:0"] = previous,
                ["ScSession:IdleTimeout"] = "00:05:00",
                ["ScSession:Cookie:Name"] = ".shop",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration);
        services.AddLogging();
        services.AddScSession();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ScSessionOptions>>().Value;

        Assert.Equal(key, options.SecretKey);
        Assert.Equal([previous], options.PreviousSecretKeys);
        Assert.Equal(TimeSpan.FromMinutes(5), options.IdleTimeout);
        Assert.Equal(".shop", options.Cookie.Name);
        Assert.True(options.Cookie.HttpOnly);
    }
}
