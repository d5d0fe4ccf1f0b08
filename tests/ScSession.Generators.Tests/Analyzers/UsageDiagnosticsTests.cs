using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests.Analyzers;

/// <summary>SCSN0101–SCSN0104: one positive and at least two look-alike negative cases each; every diagnostic asserted.</summary>
public sealed class UsageDiagnosticsTests
{
    private const string Usings = """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using ScSession;

        namespace App;


        """;

    private static Task Verify(string source, params (string Id, string Message)[] expected)
        => AnalyzerHarness.VerifyAsync(Usings + source, expected);

    private static string Sensitive(string property, string match, string model = "Login")
        => $"Property '{property}' of session model '{model}' looks like a secret ('{match}'): session data is sent to the client in the cookie or kept in the store, and lives as long as the session. Keep secrets out of the session, or mark the property (or the nested member) [SessionSensitive] if storing it is intended.";

    private static string HardCoded(string option)
        => $"A hard-coded string is used as ScSessionOptions.{option}: anyone who can read the source can forge sessions. Read the key from configuration or a secret store (for example builder.Configuration[\"ScSession:SecretKey\"]).";

    private const string HttpPolicy = "lets the session cookie travel over plain HTTP: keep CookieSecurePolicy.Always (the default), or relax it only inside an IsDevelopment() check";

    // SCSN0101

    [Fact]
    public Task SCSN0101_secret_looking_names_and_keys() => Verify(
        """
        [SessionModel]
        public partial class Login
        {
            public partial string? [|Password|] { get; set; }
            public partial string? [|PasswordHash|] { get; set; }
            public partial string? [|ApiKey|] { get; set; }
            public partial string? [|AccessToken|] { get; set; }
            public partial string? [|CardNumber|] { get; set; }
            public partial string? [|Cvv|] { get; set; }
            public partial string? [|SSN|] { get; set; }
            public partial string? [|UserPin|] { get; set; }
            [SessionKey("pwd")] public partial string? [|Remembered|] { get; set; }
        }
        """,
        ("SCSN0101", Sensitive("Password", "password")),
        ("SCSN0101", Sensitive("PasswordHash", "password")),
        ("SCSN0101", Sensitive("ApiKey", "api key")),
        ("SCSN0101", Sensitive("AccessToken", "token")),
        ("SCSN0101", Sensitive("CardNumber", "card number")),
        ("SCSN0101", Sensitive("Cvv", "cvv")),
        ("SCSN0101", Sensitive("SSN", "ssn")),
        ("SCSN0101", Sensitive("UserPin", "pin")),
        ("SCSN0101", Sensitive("Remembered", "pwd")));

    [Fact]
    public Task SCSN0101_not_reported_for_values_that_cannot_hold_a_secret_or_names_that_state_a_fact() => Verify(
        """
        public enum TokenKind { Access, Refresh }

        [SessionModel]
        public partial class Login
        {
            public partial bool HasPassword { get; set; }
            public partial int TokenBalance { get; set; }
            public partial int FailedPasswordAttempts { get; set; }
            public partial DateTimeOffset? PasswordChangedAt { get; set; }
            public partial TokenKind TokenKind { get; set; }
            public partial TimeSpan TokenLifetime { get; set; }
            public partial DateOnly PinDate { get; set; }
            public partial string? PasswordChangedOn { get; set; }
            public partial string? TokenExpiresAt { get; set; }
            public partial string? ApiKeyId { get; set; }
            public partial string? CardNumberLast4 { get; set; }
            public partial bool IsTokenValid { get; set; }
            public partial string? RequiresPinReason { get; set; }
        }
        """);

    [Fact]
    public Task SCSN0101_text_bytes_guids_collections_of_them_and_numeric_secrets_are_flagged() => Verify(
        """
        [SessionModel]
        public partial class Login
        {
            public partial byte[]? [|PasswordHash|] { get; set; }
            public partial Guid [|ResetToken|] { get; set; }
            public partial System.Collections.Generic.List<string> [|Tokens|] { get; set; }
            public partial char[]? [|Pin|] { get; set; }
            public partial System.Collections.Generic.Dictionary<string, string> [|Secrets|] { get; set; }
            public partial int [|Cvv|] { get; set; }
            public partial long? [|CardNumber|] { get; set; }
            public partial int PinTries { get; set; }
        }
        """,
        ("SCSN0101", Sensitive("PasswordHash", "password")),
        ("SCSN0101", Sensitive("ResetToken", "token")),
        ("SCSN0101", Sensitive("Tokens", "tokens")),
        ("SCSN0101", Sensitive("Pin", "pin")),
        ("SCSN0101", Sensitive("Secrets", "secrets")),
        ("SCSN0101", Sensitive("Cvv", "cvv")),
        ("SCSN0101", Sensitive("CardNumber", "card number")));

    [Fact]
    public Task SCSN0101_secrets_inside_stored_types_are_reported_at_the_models_property_with_their_path() => Verify(
        """
        public sealed class SavedCard
        {
            public string Last4 { get; set; } = "";
            public string Cvv { get; set; } = "";
            public int ExpiryMonth { get; set; }
            public string Display => "**** " + Last4;
        }

        public sealed record AppCredentials(string ClientId, string ClientSecret);

        public sealed class Account
        {
            public string? Password { get; set; }
            public Account? Parent { get; set; }
        }

        [SessionModel(Name = "wallet")]
        public partial class Wallet
        {
            public partial System.Collections.Generic.List<SavedCard> [|Cards|] { get; set; }
            public partial AppCredentials? [|Credentials|] { get; set; }
            public partial System.Collections.Generic.Dictionary<string, Account> [|Accounts|] { get; set; }
        }
        """,
        ("SCSN0101", Sensitive("Cards[].Cvv", "cvv", "Wallet")),
        ("SCSN0101", Sensitive("Credentials.ClientSecret", "secret", "Wallet")),
        ("SCSN0101", Sensitive("Accounts[].Password", "password", "Wallet")));

    [Fact]
    public Task SCSN0101_SessionSensitive_on_the_model_property_or_on_the_nested_member_acknowledges_it() => Verify(
        """
        public sealed class SavedCard
        {
            [SessionSensitive] public string Cvv { get; set; } = "";
        }

        public sealed record AppCredentials(string ClientId, [SessionSensitive] string ClientSecret);

        public sealed class Vault
        {
            public string? MasterPassword { get; set; }
        }

        [SessionModel(Name = "wallet")]
        public partial class Wallet
        {
            public partial System.Collections.Generic.List<SavedCard> Cards { get; set; }
            public partial AppCredentials? Credentials { get; set; }
            [SessionSensitive] public partial Vault? Vault { get; set; }
        }
        """);

    [Fact]
    public Task SCSN0101_not_reported_for_words_that_merely_contain_a_secret_word() => Verify(
        """
        [SessionModel]
        public partial class Login
        {
            public partial bool Spinner { get; set; }
            public partial string? Tokenizer { get; set; }
            public partial string[] PinnedTabs { get; set; }
            public partial string? Keyboard { get; set; }
            public partial string? PrimaryKey { get; set; }
            [SessionKey("spin")] public partial int Turns { get; set; }
        }
        """);

    [Fact]
    public Task SCSN0101_not_reported_when_acknowledged_ignored_or_not_stored() => Verify(
        """
        [SessionModel]
        public partial class Login
        {
            [SessionSensitive] public partial string? PasswordResetToken { get; set; }
            [SessionIgnore] public partial string? Password { get; set; }
            public string? [|ApiKey|] { get; set; }
        }

        public sealed class NotAModel
        {
            public string? Password { get; set; }
        }
        """,
        ("SCSN0007", "Property 'ApiKey' of session model 'Login' is not partial, so it is not stored in the session: every change to it is lost with the request. Declare it 'public partial' (the generator implements it), or mark it [SessionIgnore] if it is not meant to be stored."));

    // SCSN0102

    [Fact]
    public Task SCSN0102_hard_coded_keys() => Verify(
        """
        public static class Setup
        {
            private const string Key = "c2VjcmV0LWtleS1pbi1zb3VyY2UtY29kZS0xMjM0NTY=";
            private const string Prefix = "c2VjcmV0";

            public static void Configure(IServiceCollection services)
            {
                services.AddScSession(o => o.SecretKey = [|"c2VjcmV0LWtleS1pbi1zb3VyY2UtY29kZS0xMjM0NTY="|]);
                services.Configure<ScSessionOptions>(o =>
                {
                    o.SecretKey = [|Key|];
                    o.PreviousSecretKeys.Add([|$"{Prefix}-old"|]);
                });
                var options = new ScSessionOptions { SecretKey = [|"k" + Key|], PreviousSecretKeys = { [|"old"|] } };
            }
        }
        """,
        ("SCSN0102", HardCoded("SecretKey")),
        ("SCSN0102", HardCoded("SecretKey")),
        ("SCSN0102", HardCoded("PreviousSecretKeys")),
        ("SCSN0102", HardCoded("SecretKey")),
        ("SCSN0102", HardCoded("PreviousSecretKeys")));

    [Fact]
    public Task SCSN0102_not_reported_for_configuration_environment_or_null() => Verify(
        """
        public static class Setup
        {
            public static void Configure(IServiceCollection services, IConfiguration configuration)
            {
                services.AddScSession(o =>
                {
                    o.SecretKey = configuration["ScSession:SecretKey"];
                    o.PreviousSecretKeys.Add(Environment.GetEnvironmentVariable("OLD_KEY")!);
                });
                services.Configure<ScSessionOptions>(o => o.SecretKey = null);
            }
        }
        """);

    [Fact]
    public Task SCSN0102_not_reported_for_other_string_properties_and_collections() => Verify(
        """
        public sealed class MyOptions
        {
            public string? SecretKey { get; set; }
            public System.Collections.Generic.List<string> PreviousSecretKeys { get; } = new();
        }

        public static class Setup
        {
            public static void Configure(IServiceCollection services)
            {
                var mine = new MyOptions { SecretKey = "literal" };
                mine.PreviousSecretKeys.Add("literal");
                services.AddScSession(o => o.Cookie.Name = ".shop");
            }
        }
        """);

    // SCSN0103

    [Fact]
    public Task SCSN0103_insecure_cookie_settings() => Verify(
        """
        public static class Setup
        {
            public static void Configure(IServiceCollection services)
            {
                services.AddScSession(o =>
                {
                    [|o.Cookie.SecurePolicy = CookieSecurePolicy.None|];
                    [|o.Cookie.HttpOnly = false|];
                });
                services.Configure<ScSessionOptions>(o => [|o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest|]);
                var options = new ScSessionOptions { Cookie = { [|HttpOnly = false|] } };
            }
        }
        """,
        ("SCSN0103", "Session cookie setting 'Cookie.SecurePolicy = CookieSecurePolicy.None' " + HttpPolicy),
        ("SCSN0103", "Session cookie setting 'Cookie.HttpOnly = false' lets scripts read the session cookie, so any XSS flaw can steal the session: remove the assignment (HttpOnly is the default)"),
        ("SCSN0103", "Session cookie setting 'Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest' " + HttpPolicy),
        ("SCSN0103", "Session cookie setting 'Cookie.HttpOnly = false' lets scripts read the session cookie, so any XSS flaw can steal the session: remove the assignment (HttpOnly is the default)"));

    [Fact]
    public Task SCSN0103_not_reported_inside_a_development_check() => Verify(
        """
        public static class Setup
        {
            public static void Configure(WebApplicationBuilder builder)
            {
                builder.Services.AddScSession(o =>
                {
                    if (builder.Environment.IsDevelopment())
                    {
                        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    }

                    if (!builder.Environment.IsDevelopment())
                    {
                        o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                    }
                    else
                    {
                        o.Cookie.SecurePolicy = CookieSecurePolicy.None;
                    }
                });
            }
        }
        """);

    [Fact]
    public Task SCSN0103_not_reported_for_secure_values_or_other_cookies() => Verify(
        """
        public static class Setup
        {
            public static void Configure(IServiceCollection services)
            {
                services.AddScSession(o =>
                {
                    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                    o.Cookie.HttpOnly = true;
                });
                var other = new CookieBuilder { SecurePolicy = CookieSecurePolicy.None, HttpOnly = false };
            }
        }
        """);

    // SCSN0104

    private const string CartModel = """
        [SessionModel]
        public partial class CartSession
        {
            public partial int Count { get; set; }
        }


        """;

    private static string StringKeyed(string key, string method)
        => $"Session key '{key}' is the section of session model 'CartSession': use the typed model (HttpContext.GetSessionAsync<CartSession>() or a [FromSession] parameter) instead of ISession.{method}";

    [Fact]
    public Task SCSN0104_string_keyed_access_to_a_model_section() => Verify(
        CartModel + """
        public static class Legacy
        {
            private const string Key = "CartSession";

            public static void Use(ISession session)
            {
                _ = session.GetString([|"CartSession"|]);
                session.SetString([|Key|], "{}");
                _ = session.GetInt32([|"CartSession"|]);
                session.Set([|"CartSession"|], []);
                _ = session.TryGetValue([|"CartSession"|], out _);
                session.Remove([|"CartSession"|]);
            }
        }
        """,
        ("SCSN0104", StringKeyed("CartSession", "GetString")),
        ("SCSN0104", StringKeyed("CartSession", "SetString")),
        ("SCSN0104", StringKeyed("CartSession", "GetInt32")),
        ("SCSN0104", StringKeyed("CartSession", "Set")),
        ("SCSN0104", StringKeyed("CartSession", "TryGetValue")),
        ("SCSN0104", StringKeyed("CartSession", "Remove")));

    [Fact]
    public Task SCSN0104_not_reported_for_other_keys_or_computed_keys() => Verify(
        CartModel + """
        public static class Legacy
        {
            public static void Use(ISession session, string key)
            {
                _ = session.GetString("cart");
                _ = session.GetString("Count");
                _ = session.GetString(key);
            }
        }
        """);

    [Fact]
    public Task SCSN0104_not_reported_for_dictionaries_or_without_a_model() => Verify(
        """
        public static class Legacy
        {
            public static void Use(ISession session, System.Collections.Generic.Dictionary<string, string> map)
            {
                _ = session.GetString("CartSession");
                map.Remove("CartSession");
            }
        }
        """);
}
