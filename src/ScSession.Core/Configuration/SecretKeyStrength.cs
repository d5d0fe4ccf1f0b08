namespace ScSession.Internal;

/// <summary>
/// A start-up check of a configured secret key: refuses keys that are obviously guessable (one character repeated,
/// a pattern repeated, mostly repeated three-character groups, a counting sequence, too few distinct symbols, low
/// estimated entropy) and notices keys that are text rather than random bytes, which still work but deserve a warning.
/// </summary>
/// <remarks>
/// The estimate is the key's empirical Shannon entropy per byte times its length. It can only find weak keys, never
/// prove a key strong: 32 random bytes score about 150 bits here, English text 120–160, and the keys this refuses
/// score far lower or have a structure the estimate misses (a pattern or sequence).
/// </remarks>
internal static class SecretKeyStrength
{
    /// <summary>Below this estimate a key is refused.</summary>
    public const double MinimumEstimatedBits = 96;

    private const int MinimumDistinctSymbols = 8;

    /// <summary>
    /// Why the configured key is too weak, or <see langword="null"/>: both the text as configured and the key material
    /// it parses to are checked, since text that happens to be valid base64 decodes to bytes that hide its pattern.
    /// </summary>
    public static string? FindWeakness(string configured)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(configured.Trim());
        return (SecretKeyParser.TryParse(configured, out var material, out var encoded) && encoded ? FindWeakness(material) : null)
               ?? FindWeakness(text);
    }

    /// <summary>Why <paramref name="key"/> is too weak to use, or <see langword="null"/> when nothing obvious is wrong.</summary>
    public static string? FindWeakness(ReadOnlySpan<byte> key)
    {
        if (key.Length == 0)
        {
            return "it is empty";
        }

        if (key.IndexOfAnyExcept(key[0]) < 0)
        {
            return "it is one character repeated";
        }

        for (var period = 2; period <= key.Length / 2; period++)
        {
            if (key[period..].SequenceEqual(key[..^period]))
            {
                return $"it repeats a pattern of {period} characters";
            }
        }

        if (RepeatedTrigramShare(key) > 0.5)
        {
            return "most of it repeats what came before (like changeme-changeme-…)";
        }

        if (MostCommonStepShare(key) > 0.5)
        {
            return "it is mostly a counting sequence (like abcdef… or 0123…)";
        }

        var distinct = CountDistinct(key);
        if (distinct < MinimumDistinctSymbols)
        {
            return $"it uses only {distinct} different characters";
        }

        var bits = EstimatedBits(key);
        if (bits < MinimumEstimatedBits)
        {
            return $"its estimated entropy is about {bits:0} bits, below {MinimumEstimatedBits:0}";
        }

        return null;
    }

    /// <summary>
    /// True when the key material looks like text (every byte printable ASCII) instead of random bytes: 32 random
    /// bytes are all printable with a probability of about 10⁻¹⁴, so this finds passwords and phrases, including
    /// ones that were base64-encoded before they were configured.
    /// </summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> key) => key.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0;

    /// <summary>The key's empirical Shannon entropy per byte times its length.</summary>
    public static double EstimatedBits(ReadOnlySpan<byte> key)
    {
        Span<int> counts = stackalloc int[256];
        foreach (var b in key)
        {
            counts[b]++;
        }

        double perByte = 0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / key.Length;
                perByte -= p * Math.Log2(p);
            }
        }

        return perByte * key.Length;
    }

    private static int CountDistinct(ReadOnlySpan<byte> key)
    {
        Span<bool> seen = stackalloc bool[256];
        var distinct = 0;
        foreach (var b in key)
        {
            if (!seen[b])
            {
                seen[b] = true;
                distinct++;
            }
        }

        return distinct;
    }

    /// <summary>
    /// The share of the key's 3-byte groups that already occurred earlier in it: repetition that a per-byte entropy
    /// estimate cannot see (a word repeated, or repeated with small changes). About 0 for random bytes and for text.
    /// </summary>
    private static double RepeatedTrigramShare(ReadOnlySpan<byte> key)
    {
        if (key.Length < 6)
        {
            return 0;
        }

        var seen = new HashSet<int>();
        var repeated = 0;
        for (var i = 0; i + 3 <= key.Length; i++)
        {
            if (!seen.Add((key[i] << 16) | (key[i + 1] << 8) | key[i + 2]))
            {
                repeated++;
            }
        }

        return (double)repeated / (key.Length - 2);
    }

    /// <summary>The share of consecutive pairs that differ by the most common non-zero step (1 for abcd…, 7 for 1, 8, 15…).</summary>
    private static double MostCommonStepShare(ReadOnlySpan<byte> key)
    {
        if (key.Length < 2)
        {
            return 0;
        }

        Span<int> steps = stackalloc int[256];
        var most = 0;
        for (var i = 1; i < key.Length; i++)
        {
            var step = (byte)(key[i] - key[i - 1]);
            if (step != 0) // runs of one character are what the distinct-symbol and entropy checks find
            {
                most = Math.Max(most, ++steps[step]);
            }
        }

        return (double)most / (key.Length - 1);
    }
}
