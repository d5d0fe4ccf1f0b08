using System.Buffers.Text;
using System.Text;

namespace ScSession.Internal;

/// <summary>Turns a configured secret key (base64, base64url or raw text) into key material.</summary>
internal static class SecretKeyParser
{
    public const int MinimumKeyBytes = 32;

    public const string HowToGenerate =
        "Generate one with `scsession keygen` (dotnet tool install -g ScSession.Tool) or `openssl rand -base64 32` (in development: `dotnet user-secrets set ScSession:SecretKey \"$(scsession keygen)\"`) " +
        "and supply it through configuration (ScSession:SecretKey, or the environment variable ScSession__SecretKey).";

    /// <summary>
    /// Base64 (standard or url-safe) that decodes to at least 32 bytes is used decoded; otherwise a text of at
    /// least 32 UTF-8 bytes is used as it is.
    /// </summary>
    public static bool TryParse(string? secret, out byte[] keyMaterial) => TryParse(secret, out keyMaterial, out _);

    /// <summary>As <see cref="TryParse(string?, out byte[])"/>; <paramref name="wasEncoded"/> tells whether the text was base64 (or base64url).</summary>
    public static bool TryParse(string? secret, out byte[] keyMaterial, out bool wasEncoded)
    {
        wasEncoded = false;
        keyMaterial = [];
        if (string.IsNullOrWhiteSpace(secret))
        {
            return false;
        }

        var trimmed = secret.Trim();
        // Standard base64, padded or not (openssl and most tools pad; some strip the '='), then base64url.
        var padded = (trimmed.Length % 4) is 2 or 3 ? trimmed + new string('=', 4 - (trimmed.Length % 4)) : trimmed;
        var buffer = new byte[(padded.Length / 4 * 3) + 3];
        if (Convert.TryFromBase64String(padded, buffer, out var written) && written >= MinimumKeyBytes)
        {
            keyMaterial = buffer[..written];
            wasEncoded = true;
            return true;
        }

        if (Base64Url.IsValid(trimmed.AsSpan(), out var decodedLength) && decodedLength >= MinimumKeyBytes)
        {
            keyMaterial = Base64Url.DecodeFromChars(trimmed.AsSpan());
            wasEncoded = true;
            return true;
        }

        var raw = Encoding.UTF8.GetBytes(trimmed);
        if (raw.Length >= MinimumKeyBytes)
        {
            keyMaterial = raw;
            return true;
        }

        return false;
    }
}
