using System.Text.Json;

namespace ScSession.Tool.Tests;

/// <summary><c>scsession encode</c>: cookies a real ScSession app reads, and the round trip with decode.</summary>
public sealed class EncodeTests
{
    private static readonly string Key = ToolApp.NewKey();

    private static string[] Encode(params string[] more) => ["encode", "--key", Key, "--app", ToolApp.ApplicationName, .. more];

    private static string[] Decode(params string[] more) => ["decode", "--key", Key, "--app", ToolApp.ApplicationName, .. more];

    [Fact]
    public async Task The_app_reads_the_session_an_encoded_cookie_carries()
    {
        var value = ToolResult.Run(Encode("""{"sections":{"ToolCart":{"items":["TEA-01","COFFEE-02"],"note":"from the tool"}}}"""));
        Assert.True(value.ExitCode == 0, value.Stderr);

        await using var app = await ToolApp.StartAsync(Key);

        Assert.Equal("TEA-01,COFFEE-02|from the tool", await app.GetAsync("/cart", ".scs=" + value.Stdout.Trim()));
    }

    [Fact]
    public async Task With_header_a_large_session_is_chunked_as_the_app_chunks_it_and_the_app_reads_it()
    {
        var data = new string('x', 9000);
        var result = ToolResult.Run(Encode("--header", "{\"sections\":{\"blob\":{\"data\":" + JsonSerializer.Serialize(data) + "}}}"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var header = result.Stdout.Trim();
        Assert.Matches("^\\.scs=chunks-4; \\.scsC1=[^;]+; \\.scsC2=[^;]+; \\.scsC3=[^;]+; \\.scsC4=[^;]+\\s*$", header);

        await using var app = await ToolApp.StartAsync(Key);

        Assert.Equal("9000", await app.GetAsync("/blob/length", header));
    }

    [Fact]
    public void With_header_a_small_session_is_one_cookie()
    {
        var result = ToolResult.Run(Encode("--header", """{"sections":{}}"""));

        Assert.Matches("^\\.scs=[A-Za-z0-9_-]+\\s*$", result.Stdout);
    }

    [Fact]
    public async Task Decode_encode_decode_keeps_the_timestamps_and_every_section()
    {
        await using var app = await ToolApp.StartAsync(Key);
        var header = await app.PostForCookieAsync("/fill");
        var first = ToolResult.Run(Decode(header));
        Assert.Equal(0, first.ExitCode);

        var encoded = ToolResult.Run(Encode("-"), first.Stdout);
        Assert.True(encoded.ExitCode == 0, encoded.Stderr);
        var second = ToolResult.Run(Decode(encoded.Stdout.Trim())).Json();

        var original = first.Json();
        foreach (var field in new[] { "format", "createdAt", "lastSeenAt" })
        {
            Assert.Equal(original.GetProperty(field).ToString(), second.GetProperty(field).ToString());
        }

        Assert.Equal(original.GetProperty("sections").GetRawText(), second.GetProperty("sections").GetRawText());
        // decode never prints the secret ID, so encode made a new one.
        Assert.NotEqual(original.GetProperty("publicId").GetString(), second.GetProperty("publicId").GetString());
        Assert.Equal("TEA-01,Crème brûlée|gift", await app.GetAsync("/cart", ".scs=" + encoded.Stdout.Trim()));
    }

    [Fact]
    public void A_session_id_given_in_the_json_is_kept()
    {
        var sessionId = new string('A', 43);
        var encoded = ToolResult.Run(Encode($$$"""{"sessionId":"{{{sessionId}}}","sections":{}}"""));

        var decoded = ToolResult.Run(Decode(encoded.Stdout.Trim())).Json();

        var expected = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(new byte[32]));
        Assert.Equal(expected, decoded.GetProperty("publicId").GetString());
    }

    [Fact]
    public void Encode_needs_app_and_names_it()
        => ToolResult.Run("encode", "--key", Key, "{}").AssertFailed(2, "encode needs --app NAME");

    [Fact]
    public void Encode_refuses_a_key_no_app_would_start_with()
        => ToolResult.Run("encode", "--key", "0123456789abcdef0123456789abcdef", "--app", "A", "{}").AssertFailed(2, "too weak");

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"section":{}}""", "unknown property 'section'")]
    [InlineData("""{"sections":[]}""", "sections must be a JSON object")]
    [InlineData("""{"createdAt":"yesterday"}""", "createdAt must be an ISO 8601")]
    [InlineData("""{"sessionId":"short"}""", "sessionId must be base64url of 32 bytes")]
    [InlineData("""{"undecodableSections":{"x":{"base64":"%%"}}}""", "undecodableSections.x")]
    public void Bad_json_fails_with_one_line(string json, string message)
        => ToolResult.Run(Encode(json)).AssertFailed(1, message);

    [Fact]
    public void Timestamps_given_in_the_json_are_kept()
    {
        var encoded = ToolResult.Run(Encode("""{"createdAt":"2026-01-31T09:00:00.123Z","lastSeenAt":"2026-01-31T10:00:00+01:00"}"""));

        var decoded = ToolResult.Run(Decode(encoded.Stdout.Trim())).Json();

        Assert.Equal("2026-01-31T09:00:00.123Z", decoded.GetProperty("createdAt").GetString());
        Assert.Equal("2026-01-31T09:00:00.000Z", decoded.GetProperty("lastSeenAt").GetString());
    }
}
