using System.Globalization;
using System.Text;

namespace ScSession.TestSupport.Fuzzing;

/// <summary>A session the fuzzer knows to be valid: the counter it holds and the exact cookies that carry it.</summary>
/// <param name="Count">The counter value the session holds (distinct per valid session).</param>
/// <param name="Cookies">The session's cookies as the server set them: the main cookie first, then its chunks.</param>
public sealed record ValidSession(int Count, IReadOnlyList<KeyValuePair<string, string>> Cookies);

/// <summary>One generated <c>Cookie</c> header, and the valid session it carries intact, if it does.</summary>
/// <param name="Header">The header value.</param>
/// <param name="Intact">
/// Set when the header carries one valid session exactly as issued, once, with no other session cookie: the server
/// must accept it. Otherwise anything but a fresh session is a failure, unless every cookie of some valid session is
/// present verbatim.
/// </param>
/// <param name="Production">Which production made the main cookie (for the failure message and the statistics).</param>
public sealed record FuzzCase(string Header, ValidSession? Intact, string Production);

/// <summary>
/// A grammar-based generator of <c>Cookie</c> headers aimed at the session cookie in the chunked format
/// (<c>name=chunks-N</c>, <c>nameC1</c>…) and at store ID cookies: random counts up to 2^63 and beyond, missing,
/// duplicate and extra chunks, %-escapes, blanks, quotes, non-ASCII, truncations and single-character mutations of
/// valid values, valid prefixes, and unrelated cookies around them. Deterministic for a seed.
/// </summary>
public sealed class CookieHeaderGrammar(int seed, string cookieName, int maxChunks, IReadOnlyList<ValidSession> valid)
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const string Hostile = " \t\r\n\"%;,=\\+/=\0é€😀\u0085\u00a0";

    private readonly Random _random = new(seed);

    public FuzzCase Next()
    {
        var pairs = new List<string>();
        ValidSession? intact = null;
        string production;
        var roll = _random.Next(100);
        if (roll < 8 && valid.Count > 0)
        {
            // A valid session, intact, among unrelated cookies: must be accepted.
            var session = Pick(valid);
            pairs.AddRange(session.Cookies.Select(c => c.Key + "=" + c.Value));
            intact = session;
            production = "intact";
        }
        else if (roll < 30 && valid.Count > 0)
        {
            production = MutatedValid(pairs);
        }
        else if (roll < 60)
        {
            production = ChunkedShape(pairs);
        }
        else
        {
            production = "main:" + MainValue(out var value);
            pairs.Add(cookieName + "=" + value);
            AddStrayChunks(pairs);
        }

        var unrelated = _random.Next(4);
        for (var i = 0; i < unrelated; i++)
        {
            pairs.Insert(_random.Next(pairs.Count + 1), UnrelatedPair());
        }

        if (intact is null && _random.Next(10) == 0 && pairs.Count > 0)
        {
            pairs.Insert(_random.Next(pairs.Count + 1), pairs[_random.Next(pairs.Count)]); // a duplicate
        }

        return new FuzzCase(Join(pairs, intact is not null), intact, production);
    }

    /// <summary>A valid session with one thing wrong: a character, a length, a chunk, an escape, an order.</summary>
    private string MutatedValid(List<string> pairs)
    {
        var session = Pick(valid);
        var cookies = session.Cookies.ToList();
        var target = _random.Next(cookies.Count);
        var (name, value) = (cookies[target].Key, cookies[target].Value);
        string production;
        switch (_random.Next(12))
        {
            case 9:
                // Another spelling of the same value: a %-escaped alphabet character (a lenient reader unescapes it).
                var at9 = _random.Next(value.Length);
                value = value[..at9] + "%" + ((int)value[at9]).ToString("X2", CultureInfo.InvariantCulture) + value[(at9 + 1)..];
                production = "escaped-alphabet";
                break;
            case 10:
                // The same cookie under a name in another case (a lenient reader matches names without regard to case).
                name = _random.Next(2) == 0 ? name.ToUpperInvariant() : string.Concat(name.Select(c => _random.Next(2) == 0 ? char.ToUpperInvariant(c) : c));
                production = "name-case";
                break;
            case 11:
                // The session cookie twice: garbage first (a cookie tossed from a parent domain) or after the valid one.
                var garbage = new KeyValuePair<string, string>(cookieName, RandomBase64Url(_random.Next(1, 200)));
                cookies.Insert(_random.Next(2) == 0 ? 0 : cookies.Count, garbage);
                target = -1;
                production = "duplicate-name";
                break;
            case 0:
                var chars = value.ToCharArray();
                var at = _random.Next(chars.Length);
                var original = chars[at];
                do
                {
                    chars[at] = Base64UrlAlphabet[_random.Next(Base64UrlAlphabet.Length)];
                }
                while (chars[at] == original);
                value = new string(chars);
                production = "flip";
                break;
            case 1:
                value = value[..Math.Max(0, value.Length - 1 - _random.Next(Math.Max(1, value.Length)))];
                production = "truncate";
                break;
            case 2:
                value += Base64UrlAlphabet[_random.Next(Base64UrlAlphabet.Length)];
                production = "extend";
                break;
            case 3:
                var position = _random.Next(value.Length + 1);
                value = value[..position] + Escape(Hostile[_random.Next(Hostile.Length)]) + value[position..];
                production = "escape-inside";
                break;
            case 4 when cookies.Count > 1:
                cookies.RemoveAt(1 + _random.Next(cookies.Count - 1));
                production = "missing-chunk";
                break;
            case 5 when cookies.Count > 1:
                cookies.Add(new(cookieName + "C" + cookies.Count.ToString(CultureInfo.InvariantCulture), Pick(valid).Cookies[^1].Value));
                production = "extra-chunk";
                break;
            case 6 when valid.Count > 1 && cookies.Count > 1:
                var other = Pick(valid);
                if (other.Cookies.Count > 1 && other != session)
                {
                    cookies[1] = new(cookies[1].Key, other.Cookies[1].Value);
                }

                production = "mixed-chunks";
                break;
            case 7:
                value = _random.Next(2) == 0 ? value.ToUpperInvariant() : value.ToLowerInvariant();
                production = "case";
                break;
            default:
                value = value.Length > 0 ? value[..^1] + PadOrTail() : value;
                production = "tail";
                break;
        }

        if (target >= 0 && !production.EndsWith("chunk", StringComparison.Ordinal) && production != "mixed-chunks")
        {
            cookies[target] = new(name, value);
        }

        pairs.AddRange(cookies.Select(c => c.Key + "=" + c.Value));
        return "mutated:" + production;
    }

    /// <summary><c>name=chunks-N</c> with hostile counts, and chunks that may or may not match it.</summary>
    private string ChunkedShape(List<string> pairs)
    {
        var count = ChunkCount(out var production);
        pairs.Add(cookieName + "=chunks-" + count);
        var chunks = _random.Next(maxChunks + 4);
        for (var i = 1; i <= chunks; i++)
        {
            var index = _random.Next(8) switch
            {
                0 => _random.Next(0, 100).ToString(CultureInfo.InvariantCulture),
                1 => "0" + i.ToString(CultureInfo.InvariantCulture),
                _ => i.ToString(CultureInfo.InvariantCulture),
            };
            pairs.Add(cookieName + "C" + index + "=" + ChunkValue());
        }

        return "chunked:" + production;
    }

    private string ChunkCount(out string production)
    {
        switch (_random.Next(12))
        {
            case 0:
                production = "int-max";
                return int.MaxValue.ToString(CultureInfo.InvariantCulture);
            case 1:
                production = "long-max";
                return long.MaxValue.ToString(CultureInfo.InvariantCulture);
            case 2:
                production = "2^63";
                return "9223372036854775808";
            case 3:
                production = "random-63-bit";
                return ((ulong)_random.NextInt64(long.MaxValue)).ToString(CultureInfo.InvariantCulture);
            case 4:
                production = "negative";
                return "-" + _random.Next(1, 1000).ToString(CultureInfo.InvariantCulture);
            case 5:
                production = "zero";
                return _random.Next(2) == 0 ? "0" : "00";
            case 6:
                production = "leading-zero";
                return "0" + _random.Next(1, maxChunks + 1).ToString(CultureInfo.InvariantCulture);
            case 7:
                production = "not-a-number";
                return RandomText(_random.Next(0, 6));
            case 8:
                production = "long-digits";
                return new string('9', _random.Next(20, 2000));
            case 9:
                production = "over-max";
                return (maxChunks + 1 + _random.Next(100)).ToString(CultureInfo.InvariantCulture);
            default:
                production = "in-range";
                return _random.Next(1, maxChunks + 1).ToString(CultureInfo.InvariantCulture);
        }
    }

    private string ChunkValue() => _random.Next(6) switch
    {
        0 => string.Empty,
        1 => Escape(Hostile[_random.Next(Hostile.Length)]),
        2 when valid.Count > 0 => Pick(Pick(valid).Cookies).Value,
        3 => RandomBase64Url(_random.Next(1, 5000)),
        _ => RandomText(_random.Next(1, 64)),
    };

    private string MainValue(out string production)
    {
        switch (_random.Next(11))
        {
            case 0:
                production = "blank";
                return string.Empty;
            case 1:
                production = "escaped";
                return string.Concat(Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Escape(Hostile[_random.Next(Hostile.Length)])));
            case 2:
                production = "id-shaped";
                return RandomBase64Url(43);
            case 3:
                production = "id-shaped-bad-char";
                var id = RandomBase64Url(43).ToCharArray();
                id[_random.Next(id.Length)] = "!+/=.~*"[_random.Next(7)];
                return new string(id);
            case 4:
                production = "base64url";
                return RandomBase64Url(_random.Next(1, 400));
            case 5:
                production = "non-ascii";
                return RandomBase64Url(_random.Next(0, 20)) + "é€😀"[_random.Next(3)] + RandomBase64Url(_random.Next(0, 20));
            case 6:
                production = "quoted";
                return "\"" + RandomBase64Url(_random.Next(0, 60)) + "\"";
            case 7:
                production = "huge";
                return RandomBase64Url(_random.Next(16_000, 40_000));
            case 8 when valid.Count > 0:
                production = "valid-prefix";
                var value = Pick(valid).Cookies[0].Value;
                return value[.._random.Next(value.Length + 1)] + RandomText(_random.Next(0, 8));
            case 9:
                production = "chunks-prefix";
                return "chunks" + RandomText(_random.Next(0, 4));
            default:
                production = "text";
                return RandomText(_random.Next(1, 100));
        }
    }

    private void AddStrayChunks(List<string> pairs)
    {
        if (_random.Next(4) != 0)
        {
            return;
        }

        var count = _random.Next(1, 70);
        for (var i = 0; i < count; i++)
        {
            pairs.Add(cookieName + "C" + _random.Next(1, 70).ToString(CultureInfo.InvariantCulture) + "=" + RandomText(_random.Next(1, 10)));
        }
    }

    private string UnrelatedPair() => _random.Next(6) switch
    {
        0 => "=" + RandomText(3),
        1 => RandomText(5),
        2 => "a b=" + RandomText(2),
        3 => cookieName + "x=" + RandomText(4),
        _ => "c" + _random.Next(100).ToString(CultureInfo.InvariantCulture) + "=" + RandomText(_random.Next(0, 20)),
    };

    private string Join(List<string> pairs, bool plain)
    {
        if (plain)
        {
            return string.Join("; ", pairs);
        }

        var builder = new StringBuilder();
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(_random.Next(8) switch { 0 => ";", 1 => ";;", 2 => " ; ", 3 => ", ", _ => "; " });
            }

            builder.Append(pairs[i]);
        }

        if (_random.Next(10) == 0)
        {
            builder.Append(';');
        }

        return builder.ToString();
    }

    private string PadOrTail() => _random.Next(3) switch
    {
        0 => "=",
        1 => "==",
        _ => Base64UrlAlphabet[_random.Next(Base64UrlAlphabet.Length)].ToString(),
    };

    private static string Escape(char c) => c < 0x80
        ? "%" + ((int)c).ToString("X2", CultureInfo.InvariantCulture)
        : string.Concat(Encoding.UTF8.GetBytes(c.ToString()).Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture)));

    private string RandomBase64Url(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Base64UrlAlphabet[_random.Next(Base64UrlAlphabet.Length)];
        }

        return new string(chars);
    }

    private string RandomText(int length)
    {
        const string Printable = "abcXYZ019-_.!#$&'()*+/:<>?@[]^`{|}~%";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Printable[_random.Next(Printable.Length)];
        }

        return new string(chars);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
