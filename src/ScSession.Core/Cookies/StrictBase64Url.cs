using System.Buffers;
using System.Buffers.Text;

namespace ScSession.Internal;

/// <summary>
/// Decodes base64url as ScSession writes it, and nothing else: the 64-character alphabet, no padding, no white
/// space, and zero bits in the unused tail of the last character. Each byte string has exactly one accepted
/// spelling, and no input throws.
/// </summary>
/// <remarks>
/// <see cref="Base64Url"/>'s decoders are lenient for interoperability: they skip white space (so <c>" "</c> decodes
/// to zero bytes), accept <c>=</c> padding, ignore a non-zero tail, and <c>TryDecodeFromChars</c> throws
/// <see cref="FormatException"/> on a character outside the alphabet. A cookie is attacker input, so it is checked
/// here first.
/// </remarks>
internal static class StrictBase64Url
{
    private static readonly SearchValues<char> s_alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>The number of bytes <paramref name="length"/> canonical characters decode to, or -1 when no canonical value has that length.</summary>
    public static int DecodedLength(int length) => (length % 4) switch
    {
        0 => length / 4 * 3,
        2 => (length / 4 * 3) + 1,
        3 => (length / 4 * 3) + 2,
        _ => -1,
    };

    /// <summary>
    /// Decodes <paramref name="chars"/> into <paramref name="destination"/>; false (never an exception) for anything
    /// that is not canonical base64url or does not fit.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> chars, Span<byte> destination, out int written)
    {
        written = 0;
        var length = DecodedLength(chars.Length);
        if (length <= 0 || length > destination.Length || chars.ContainsAnyExcept(s_alphabet) || !HasCanonicalTail(chars))
        {
            return false;
        }

        return Base64Url.DecodeFromChars(chars, destination, out var consumed, out written) == OperationStatus.Done
               && consumed == chars.Length
               && written == length;
    }

    /// <summary>The last character of a 2- or 3-character group carries 4 or 2 unused bits: they must be zero.</summary>
    private static bool HasCanonicalTail(ReadOnlySpan<char> chars)
    {
        var unusedBits = (chars.Length % 4) switch
        {
            2 => 0b1111,
            3 => 0b0011,
            _ => 0,
        };
        return unusedBits == 0 || (SextetOf(chars[^1]) & unusedBits) == 0;
    }

    private static int SextetOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63, // '_': the alphabet was checked before
    };
}
