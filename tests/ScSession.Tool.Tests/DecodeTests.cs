using System.Text.Json;

namespace ScSession.Tool.Tests;

/// <summary><c>scsession decode</c> on cookies issued by a real ScSession app.</summary>
public sealed class DecodeTests
{
    private static readonly string Key = ToolApp.NewKey();

    private static async Task<string> FilledCookieAsync(string key = "")
    {
        await using var app = await ToolApp.StartAsync(key.Length > 0 ? key : Key);
        return await app.PostForCookieAsync("/fill");
    }

    private static string ValueOf(string cookieHeader) => cookieHeader[(cookieHeader.IndexOf('=', StringComparison.Ordinal) + 1)..];

    [Fact]
    public async Task Decodes_a_cookie_value_into_the_sessions_json()
    {
        var header = await FilledCookieAsync();
        var before = DateTimeOffset.UtcNow;

        var json = ToolResult.Run("decode", "--key", Key, "--app", ToolApp.ApplicationName, ValueOf(header)).Json();

        Assert.Equal(2, json.GetProperty("format").GetInt32());
        Assert.Equal(1, json.GetProperty("envelopeVersion").GetInt32());
        Assert.Equal("--key", json.GetProperty("openedWith").GetString());
        Assert.Equal(43, json.GetProperty("publicId").GetString()!.Length); // SHA-256 in base64url
        Assert.False(json.TryGetProperty("sessionId", out _)); // the secret ID is never printed
        var createdAt = DateTimeOffset.Parse(json.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(createdAt, before.AddMinutes(-1), before.AddMinutes(1));
        Assert.EndsWith("Z", json.GetProperty("lastSeenAt").GetString(), StringComparison.Ordinal);

        var sections = json.GetProperty("sections");
        var cart = sections.GetProperty("ToolCart");
        Assert.Equal(["TEA-01", "Crème brûlée"], cart.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("gift", cart.GetProperty("note").GetString());
        var flash = sections.GetProperty("$flash").GetProperty("messages")[0];
        Assert.Equal("success", flash.GetProperty("c").GetString());
        Assert.Equal("Your cart was saved!", flash.GetProperty("m").GetString());
        Assert.Equal("hello"u8.ToArray(), sections.GetProperty("$session").GetProperty("greeting").GetBytesFromBase64());
        Assert.False(json.TryGetProperty("undecodableSections", out _));
    }

    [Fact]
    public async Task Decodes_a_whole_cookie_header_with_or_without_its_name_and_from_stdin()
    {
        var header = await FilledCookieAsync();
        string[] inputs = [header, "Cookie: " + header, "theme=dark; " + header + "; other=1"];
        foreach (var input in inputs)
        {
            var json = ToolResult.Run("decode", "--key", Key, "--app", ToolApp.ApplicationName, input).Json();
            Assert.Equal("gift", json.GetProperty("sections").GetProperty("ToolCart").GetProperty("note").GetString());
        }

        var fromStdin = ToolResult.Run(["decode", "--key", Key, "--app", ToolApp.ApplicationName, "-"], "Cookie: " + header + "\n").Json();
        Assert.Equal("gift", fromStdin.GetProperty("sections").GetProperty("ToolCart").GetProperty("note").GetString());
    }

    [Fact]
    public async Task Decodes_a_chunked_cookie_from_the_whole_header()
    {
        await using var app = await ToolApp.StartAsync(Key);
        var header = await app.PostForCookieAsync("/blob/9000");
        Assert.Contains(".scs=chunks-", header, StringComparison.Ordinal);
        Assert.Contains(".scsC3=", header, StringComparison.Ordinal);

        var json = ToolResult.Run("decode", "--key", Key, "--app", ToolApp.ApplicationName, header).Json();

        Assert.Equal(9000, json.GetProperty("sections").GetProperty("blob").GetProperty("data").GetString()!.Length);
    }

    [Fact]
    public async Task A_chunked_cookie_with_a_chunk_missing_or_a_forged_count_fails_with_what_is_wrong()
    {
        await using var app = await ToolApp.StartAsync(Key);
        var header = await app.PostForCookieAsync("/blob/9000");
        var withoutSecondChunk = string.Join("; ", header.Split("; ").Where(p => !p.StartsWith(".scsC2=", StringComparison.Ordinal)));

        ToolResult.Run("decode", "--key", Key, "--app", ToolApp.ApplicationName, withoutSecondChunk).AssertFailed(1, "carries no .scsC2");
        ToolResult.Run("decode", "--key", Key, ".scs=chunks-999999").AssertFailed(1, "not a chunk count");
        ToolResult.Run("decode", "--key", Key, ".scs=chunks-2147483647; .scsC1=AAAA").AssertFailed(1, "not a chunk count");
        ToolResult.Run("decode", "--key", Key, "chunks-3").AssertFailed(1, "give the whole Cookie header");
    }

    [Fact]
    public async Task Reads_a_cookie_written_with_a_previous_key()
    {
        var oldKey = ToolApp.NewKey();
        var header = await FilledCookieAsync(oldKey);

        var json = ToolResult.Run("decode", "--key", Key, "--previous-key", ToolApp.NewKey(), "--previous-key", oldKey, "--app", ToolApp.ApplicationName, header).Json();

        Assert.Equal("--previous-key #2", json.GetProperty("openedWith").GetString());
        Assert.Equal("gift", json.GetProperty("sections").GetProperty("ToolCart").GetProperty("note").GetString());
    }

    [Fact]
    public async Task The_key_comes_from_SCSESSION_KEY_when_no_key_option_is_given()
    {
        var header = await FilledCookieAsync();

        var result = ToolResult.Run(["decode", "--app", ToolApp.ApplicationName, header], environment: new() { ["SCSESSION_KEY"] = Key });

        Assert.Equal("gift", result.Json().GetProperty("sections").GetProperty("ToolCart").GetProperty("note").GetString());
        ToolResult.Run("decode", header).AssertFailed(2, "SCSESSION_KEY");
    }

    [Fact]
    public async Task A_custom_cookie_name_needs_cookie_name()
    {
        await using var app = await ToolApp.StartAsync(Key, cookieName: "__Host-cart");
        var header = await app.PostForCookieAsync("/fill");

        ToolResult.Run("decode", "--key", Key, "--app", ToolApp.ApplicationName, header).AssertFailed(1, "--cookie-name");
        var json = ToolResult.Run("decode", "--key", Key, "--app", ToolApp.ApplicationName, "--cookie-name", "__Host-cart", header).Json();
        Assert.Equal("gift", json.GetProperty("sections").GetProperty("ToolCart").GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_format_2_cookie_without_app_says_that_app_is_needed_and_what_it_is()
    {
        var header = await FilledCookieAsync();

        ToolResult.Run("decode", "--key", Key, header).AssertFailed(1, "pass --app NAME (the app's ScSessionOptions.ApplicationName");
        ToolResult.Run("decode", "--key", Key, "--app", "AnotherApp", header).AssertFailed(1, "another application than --app 'AnotherApp'");
    }

    [Fact]
    public async Task A_wrong_key_fails_with_both_key_ids()
    {
        var header = await FilledCookieAsync();

        ToolResult.Run("decode", "--key", ToolApp.NewKey(), "--app", ToolApp.ApplicationName, header).AssertFailed(1, "wrong key: the cookie was written with key ID");
    }

    [Fact]
    public async Task A_data_protection_cookie_says_why_the_tool_cannot_read_it()
    {
        await using var app = await ToolApp.StartAsync(key: null);
        var header = await app.PostForCookieAsync("/fill");

        ToolResult.Run("decode", "--key", Key, header).AssertFailed(1, "Data Protection");
    }

    [Theory]
    [InlineData("", 2, "needs the cookie's value")] // an empty argument is no argument worth decoding
    [InlineData(" ", 1, "the input is empty")]
    [InlineData("not a cookie", 1, "not base64url")]
    [InlineData("AAAA", 1, "not a ScSession cookie")]
    [InlineData("Aw", 1, "too short")]
    [InlineData("AwAAAAAA", 1, "wrong key")]
    [InlineData(".scs=", 1, "no cookie named '.scs'")]
    [InlineData("%41%41", 1, "not base64url")]
    public void Garbage_fails_with_one_line_and_a_non_zero_exit(string input, int exitCode, string message)
    {
        var args = input.Length == 0 ? new[] { "decode", "--key", Key } : ["decode", "--key", Key, input];
        ToolResult.Run(args).AssertFailed(exitCode, message);
    }

    [Fact]
    public async Task One_flipped_character_anywhere_never_decodes_and_never_throws()
    {
        var value = ValueOf(await FilledCookieAsync());
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (var i = 0; i < value.Length; i++)
        {
            var flipped = value.ToCharArray();
            flipped[i] = Alphabet[(Alphabet.IndexOf(flipped[i], StringComparison.Ordinal) + 1) % Alphabet.Length];
            var result = ToolResult.Run("decode", "--key", Key, "--app", ToolApp.ApplicationName, new string(flipped));
            result.AssertFailed(1, string.Empty);
        }
    }

    [Fact]
    public async Task Random_mutations_of_a_real_header_fail_cleanly_or_decode()
    {
        var header = await FilledCookieAsync();
        var random = new Random(16);
        for (var round = 0; round < 300; round++)
        {
            var chars = header.ToCharArray().ToList();
            for (var edits = random.Next(1, 4); edits > 0 && chars.Count > 0; edits--)
            {
                var at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0: chars[at] = (char)random.Next(0x20, 0x7f); break;
                    case 1: chars.RemoveAt(at); break;
                    default: chars.Insert(at, "=;- _%\u00e9"[random.Next(7)]); break;
                }
            }

            var input = new string([.. chars]);
            var result = ToolResult.Run("decode", "--key", Key, "--app", ToolApp.ApplicationName, input);
            if (result.ExitCode == 0)
            {
                // Only an edit outside the cookie's value (its name's surroundings) can leave it intact.
                Assert.Equal("gift", result.Json().GetProperty("sections").GetProperty("ToolCart").GetProperty("note").GetString());
            }
            else
            {
                Assert.True(result.ExitCode is 1 or 2, $"{input}\n{result.Stderr}");
                result.AssertFailed(result.ExitCode, string.Empty);
            }
        }
    }

    [Fact]
    public async Task A_weak_key_is_named_as_such_and_decoding_is_still_tried()
    {
        var header = await FilledCookieAsync();

        var result = ToolResult.Run("decode", "--key", new string('a', 40), "--app", ToolApp.ApplicationName, header);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("warning: --key is too weak for ScSession (it is one character repeated)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("wrong key", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_shorter_than_32_bytes_is_a_usage_error()
        => ToolResult.Run("decode", "--key", "c2hvcnQ=", "AAAA").AssertFailed(2, "at least 32 bytes");

    [Fact]
    public void A_section_that_is_not_json_is_shown_as_base64_with_a_note()
    {
        var json = ToolResult.Run("encode", "--key", Key, "--app", "A", """{"undecodableSections":{"odd":{"base64":"/w=="}},"sections":{"ok":1}}""");
        Assert.Equal(0, json.ExitCode);

        var decoded = ToolResult.Run("decode", "--key", Key, "--app", "A", json.Stdout.Trim()).Json();

        Assert.Equal(1, decoded.GetProperty("sections").GetProperty("ok").GetInt32());
        var odd = decoded.GetProperty("undecodableSections").GetProperty("odd");
        Assert.Equal("/w==", odd.GetProperty("base64").GetString());
        Assert.Contains("not valid UTF-8 JSON", odd.GetProperty("note").GetString(), StringComparison.Ordinal);
    }
}
