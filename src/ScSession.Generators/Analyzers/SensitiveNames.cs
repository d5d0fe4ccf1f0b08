using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ScSession.Generators.Analyzers;

/// <summary>
/// SCSN0101's matcher: splits a name or key into words (camelCase humps, acronyms, '_', '-', '.') and looks for
/// whole words and word sequences that mark a secret. <c>Password</c>, <c>PasswordHash</c>, <c>ApiKey</c>,
/// <c>AccessToken</c>, <c>CardNumber</c>, <c>Cvv</c>, <c>Ssn</c>, <c>UserPin</c> match; <c>Spinner</c>,
/// <c>Tokenizer</c>, <c>PinnedTabs</c>, <c>Keyboard</c> do not.
/// </summary>
internal static class SensitiveNames
{
    private static readonly HashSet<string> s_words = new(StringComparer.Ordinal)
    {
        "password", "passwords", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "tokens",
        "apikey", "creditcard", "cardnumber", "ccnumber", "cvv", "cvv2", "cvc", "ssn", "pin",
    };

    private static readonly string[][] s_phrases =
    [
        ["api", "key"],
        ["credit", "card"],
        ["card", "number"],
        ["private", "key"],
        ["security", "code"],
        ["social", "security", "number"],
    ];

    /// <summary>The secret-marking word or phrase in <paramref name="text"/> (lower case), or null.</summary>
    public static string? Match(string text)
    {
        var words = Split(text);
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var phrase in s_phrases)
            {
                if (i + phrase.Length <= words.Count && !phrase.Where((word, j) => words[i + j] != word).Any())
                {
                    return string.Join(" ", phrase);
                }
            }

            if (s_words.Contains(words[i]))
            {
                return words[i];
            }
        }

        return null;
    }

    /// <summary><c>UserAPIKey_v2</c> → <c>user</c>, <c>api</c>, <c>key</c>, <c>v2</c>.</summary>
    internal static List<string> Split(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString().ToLowerInvariant());
                current.Clear();
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            if (char.IsUpper(c) && current.Length > 0)
            {
                var previous = text[i - 1];
                var nextIsLower = i + 1 < text.Length && char.IsLower(text[i + 1]);
                // "userName" → user|Name; "APIKey" → API|Key (the last capital of an acronym starts the next word).
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    Flush();
                }
            }

            current.Append(c);
        }

        Flush();
        return words;
    }
}
