using System.Collections;
using ScSession.Internal;

namespace ScSession.Tool;

/// <summary>
/// The keys a command works with: <c>--key</c> (else <c>SCSESSION_KEY</c>) and any <c>--previous-key</c>, parsed by
/// the library's own <see cref="SecretKeyParser"/> so the tool accepts exactly the keys an app accepts, in the same
/// spellings (base64, base64url, raw text).
/// </summary>
internal sealed class SecretKeys
{
    /// <summary>The environment variable <c>--key</c> falls back to.</summary>
    public const string EnvironmentVariable = "SCSESSION_KEY";

    private SecretKeys(byte[] current, IReadOnlyList<byte[]> previous, IReadOnlyList<string> weaknesses)
    {
        Current = current;
        Previous = previous;
        Weaknesses = weaknesses;
    }

    public byte[] Current { get; }

    public IReadOnlyList<byte[]> Previous { get; }

    /// <summary>
    /// Why a key would be refused by an app at start-up (ScSessionOptionsValidator): such a key cannot have written a
    /// cookie an app accepted, which is worth saying, but decoding with it is still attempted.
    /// </summary>
    public IReadOnlyList<string> Weaknesses { get; }

    public static SecretKeys From(CommandLine line, IDictionary environment)
    {
        var configured = line.Single("key");
        var source = "--key";
        if (configured is null && environment[EnvironmentVariable] is string fromEnvironment && fromEnvironment.Length > 0)
        {
            configured = fromEnvironment;
            source = EnvironmentVariable;
        }

        if (configured is null)
        {
            throw ToolError.Usage($"{line.Command} needs the app's secret key: --key KEY, or the environment variable {EnvironmentVariable}");
        }

        var weaknesses = new List<string>();
        var current = Parse(configured, source, weaknesses);
        var previous = line.All("previous-key").Select((key, i) => Parse(key, $"--previous-key #{i + 1}", weaknesses)).ToList();
        return new SecretKeys(current, previous, weaknesses);
    }

    private static byte[] Parse(string configured, string source, List<string> weaknesses)
    {
        if (!SecretKeyParser.TryParse(configured, out var material))
        {
            throw ToolError.Usage(
                $"{source} is not a ScSession key: it needs at least {SecretKeyParser.MinimumKeyBytes} bytes (base64 of " +
                $"{SecretKeyParser.MinimumKeyBytes} random bytes, or {SecretKeyParser.MinimumKeyBytes}+ characters of text), as ScSessionOptions.SecretKey does");
        }

        if (SecretKeyStrength.FindWeakness(configured) is { } weakness)
        {
            weaknesses.Add($"{source} is too weak for ScSession ({weakness}): an app refuses it at start-up");
        }

        return material;
    }

    /// <summary>The public key ID a key gets in every cookie format (derived from the key alone).</summary>
    public static uint KeyIdOf(byte[] key)
    {
        using var derived = new CookieKey(key, ScSessionOptions.DefaultCookieName, default);
        return derived.KeyId;
    }
}
