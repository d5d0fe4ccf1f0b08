using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ScSession.Generators.Analyzers;

/// <summary>
/// SCSN0101's matcher: splits a name or key into words (camelCase humps, acronyms, '_', '-', '.') and looks for
/// whole words and word sequences that mark a secret. <c>Password</c>, <c>PasswordHash</c>, <c>ApiKey</c>,
/// <c>AccessToken</c>, <c>CardNumber</c>, <c>Cvv</c>, <c>Ssn</c>, <c>UserPin</c> match; <c>Spinner</c>,
/// <c>Tokenizer</c>, <c>PinnedTabs</c>, <c>Keyboard</c> do not, and neither do names that state a fact about a secret
/// (<c>HasPassword</c>, <c>PasswordChangedAt</c>, <c>FailedPasswordAttempts</c>).
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

    /// <summary>
    /// A leading word that makes the name a statement about a secret, not the secret: <c>HasPassword</c>,
    /// <c>IsTokenValid</c>, <c>RequiresPin</c>.
    /// </summary>
    private static readonly HashSet<string> s_leadingFacts = new(StringComparer.Ordinal)
    {
        "has", "is", "was", "can", "must", "should", "needs", "requires", "allow", "allows",
    };

    /// <summary>
    /// A word right after the secret word that makes the name a fact about the secret: <c>PasswordChangedAt</c>,
    /// <c>FailedPasswordAttempts</c>, <c>TokenExpiresAt</c>, <c>ApiKeyId</c>, <c>CardNumberLast4</c>.
    /// </summary>
    private static readonly HashSet<string> s_trailingFacts = new(StringComparer.Ordinal)
    {
        "count", "counts", "attempts", "attempt", "tries", "changed", "updated", "created", "at", "on", "date", "time",
        "expires", "expiry", "expiration", "age", "length", "strength", "policy", "required", "enabled", "status",
        "state", "kind", "type", "version", "id", "ids", "name", "label", "last4",
    };

    /// <summary>
    /// The secret-marking word or phrase in <paramref name="text"/> (lower case), or null — also null when the name only
    /// states a fact about a secret (a leading <c>has</c>/<c>is</c>…, or a fact word right after every secret word).
    /// </summary>
    public static string? Match(string text)
    {
        var words = Split(text);
        if (words.Count > 0 && s_leadingFacts.Contains(words[0]))
        {
            return null;
        }

        for (var i = 0; i < words.Count; i++)
        {
            var length = 0;
            string? found = null;
            foreach (var phrase in s_phrases)
            {
                if (i + phrase.Length <= words.Count && !phrase.Where((word, j) => words[i + j] != word).Any())
                {
                    found = string.Join(" ", phrase);
                    length = phrase.Length;
                    break;
                }
            }

            if (found is null && s_words.Contains(words[i]))
            {
                found = words[i];
                length = 1;
            }

            if (found is not null && (i + length >= words.Count || !s_trailingFacts.Contains(words[i + length])))
            {
                return found;
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
