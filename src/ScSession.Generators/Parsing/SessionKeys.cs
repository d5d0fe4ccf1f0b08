using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Parsing;

/// <summary>
/// The names data is stored under: a model's section name, a property's wire key, and what makes either a poor key.
/// Shared by the generator and the analyzers, so that both read the same key from the same declaration.
/// </summary>
internal static class SessionKeys
{
    /// <summary>The section name of a model: <c>[SessionModel(Name = "...")]</c> or the class name.</summary>
    public static string SectionName(INamedTypeSymbol model, IEnumerable<AttributeData> attributes, out AttributeData? nameAttribute, out string? nameArgument)
    {
        var sectionName = model.Name;
        nameAttribute = null;
        nameArgument = null;
        foreach (var attribute in attributes)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == TypeNames.SessionModelNameProperty && argument.Value.Value is string name)
                {
                    nameAttribute = attribute;
                    nameArgument = name;
                    if (name.Length > 0)
                    {
                        sectionName = name;
                    }
                }
            }
        }

        return sectionName;
    }

    /// <summary>
    /// The <c>SessionConcurrency</c> value (a C# expression) that <c>[SessionModel(Concurrency = ...)]</c> sets, or null when
    /// the attribute leaves it to the default. Even <c>LastWriteWins</c>, the enum's zero, counts once it is written.
    /// </summary>
    public static string? Concurrency(IEnumerable<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == TypeNames.SessionModelConcurrencyProperty && argument.Value.Type is INamedTypeSymbol enumType)
                {
                    foreach (var member in enumType.GetMembers())
                    {
                        if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, argument.Value.Value))
                        {
                            return TypeNames.SessionConcurrency + "." + field.Name;
                        }
                    }

                    // Not a named value ((SessionConcurrency)7): emitted as written, so start-up refuses it by its number.
                    return "(" + TypeNames.SessionConcurrency + ")" + Convert.ToString(argument.Value.Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        return null;
    }

    /// <summary>The key a property is stored under: its <c>[SessionKey]</c> (null when that is null) or its camelCase name.</summary>
    public static string? WireKey(IPropertySymbol property, out AttributeData? keyAttribute)
    {
        var key = JsonCamelCase(property.Name);
        keyAttribute = null;
        foreach (var attribute in property.GetAttributes())
        {
            if (AttributeLookup.Is(attribute, TypeNames.SessionKeyAttribute) && attribute.ConstructorArguments.Length == 1)
            {
                key = attribute.ConstructorArguments[0].Value as string;
                keyAttribute = attribute;
            }
        }

        return key;
    }

    /// <summary>
    /// Why a key deserves SCSN0005, or null when it is fine. The generator stores such keys anyway (except keys
    /// that are not well-formed UTF-16); the analyzer warns.
    /// </summary>
    public static KeyProblemKind? ProblemOf(string key)
    {
        if (key.Length == 0)
        {
            return KeyProblemKind.Empty;
        }

        if (key.Any(char.IsWhiteSpace))
        {
            return KeyProblemKind.Whitespace;
        }

        if (key.Any(char.IsControl))
        {
            return KeyProblemKind.ControlCharacters;
        }

        if (key.Any(c => c > 127))
        {
            return KeyProblemKind.NonAscii;
        }

        if (key.Length > 64)
        {
            return KeyProblemKind.TooLong;
        }

        if (key.StartsWith("$", StringComparison.Ordinal))
        {
            return KeyProblemKind.ReservedDollar;
        }

        if (key.StartsWith("__", StringComparison.Ordinal))
        {
            return KeyProblemKind.ReservedUnderscores;
        }

        return null;
    }

    /// <summary>Well-formed UTF-16: the key can be emitted as a <c>"..."u8</c> literal.</summary>
    public static bool IsWellFormed(string key)
    {
        for (var i = 0; i < key.Length; i++)
        {
            if (char.IsHighSurrogate(key[i]) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(key[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>SCSN0004's code fix: the property's camelCase name, numbered until no other property has it.</summary>
    public static string Suggest(string propertyName, ICollection<string> taken)
    {
        var candidate = JsonCamelCase(propertyName);
        if (candidate.Length > 0 && !taken.Contains(candidate))
        {
            return candidate;
        }

        for (var i = 2; ; i++)
        {
            var numbered = candidate + i.ToString(CultureInfo.InvariantCulture);
            if (!taken.Contains(numbered))
            {
                return numbered;
            }
        }
    }

    /// <summary>A key as a message shows it: control characters and lone surrogates as <c>\uXXXX</c>.</summary>
    public static string Printable(string key)
    {
        var builder = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>System.Text.Json's <c>JsonNamingPolicy.CamelCase</c>: <c>URLValue</c> → <c>urlValue</c>, <c>ID</c> → <c>id</c>.</summary>
    public static string JsonCamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }

            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ')
                {
                    chars[i] = char.ToLowerInvariant(chars[i]);
                }

                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }
}
