using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Analyzers;

/// <summary>
/// SCSN0101's search: the values a model property stores — the property itself and, through the stored type graph,
/// the members of the objects it holds (properties, record parameters), the elements of its collections and the values
/// of its dictionaries — whose name marks a secret (<see cref="SensitiveNames"/>) and whose type can hold one.
/// </summary>
/// <remarks>
/// A type that can hold a secret is text or bytes: <see cref="string"/>, <see cref="char"/>, <c>byte[]</c>,
/// <see cref="Guid"/>, and collections or nullables of those; and a whole number for the secrets that are numbers (a
/// PIN, a CVV, a card number). A <see cref="bool"/>, any other number, an enum, a date or time or a
/// <see cref="TimeSpan"/> cannot (<c>HasPassword</c>, <c>TokenBalance</c>, <c>PasswordChangedAt</c> are facts about a
/// secret). <c>[SessionSensitive]</c> on the model property acknowledges everything beneath it; on a nested
/// member (a property or a record parameter) it acknowledges that member.
/// </remarks>
internal static class SensitiveDataFinder
{
    /// <summary>One secret-looking value: its path from the model property (<c>Cards[].Cvv</c>) and the word that marks it.</summary>
    public readonly record struct Finding(string Path, string Word);

    /// <summary>What <paramref name="property"/> of a model stores that looks like a secret.</summary>
    public static List<Finding> Find(IPropertySymbol property, string? wireKey)
    {
        var findings = new List<Finding>();
        if (IsAcknowledged(property))
        {
            return findings;
        }

        if ((SensitiveNames.Match(property.Name) ?? (wireKey is null ? null : SensitiveNames.Match(wireKey))) is { } word
            && CanHoldSecret(property.Type, word))
        {
            findings.Add(new Finding(property.Name, word));
        }

        Walk(property.Type, property.Name, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), findings);
        return findings;
    }

    private static void Walk(ITypeSymbol type, string path, HashSet<ITypeSymbol> visited, List<Finding> findings)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            Walk(nullable.TypeArguments[0], path, visited, findings); // a nullable struct is the struct: no "[]"
            return;
        }

        if (Element(type) is { } element)
        {
            Walk(element, path + "[]", visited, findings);
            return;
        }

        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named
            || named.SpecialType != SpecialType.None || IsFrameworkType(named) || !visited.Add(named))
        {
            return;
        }

        foreach (var member in StoredMembers(named))
        {
            if (IsAcknowledged(member) || Parameter(named, member.Name) is { } parameter && IsAcknowledged(parameter))
            {
                continue;
            }

            var memberPath = path + "." + member.Name;
            if (SensitiveNames.Match(member.Name) is { } word && CanHoldSecret(member.Type, word))
            {
                findings.Add(new Finding(memberPath, word));
            }

            Walk(member.Type, memberPath, visited, findings);
        }
    }

    /// <summary>The secrets that are numbers by nature: a PIN, a CVV or a card number is a secret even as an <c>int</c>.</summary>
    private static readonly HashSet<string> s_numericSecrets = new(StringComparer.Ordinal)
    {
        "pin", "cvv", "cvv2", "cvc", "ssn", "card number", "cardnumber", "ccnumber", "credit card", "creditcard",
        "security code", "social security number",
    };

    /// <summary>
    /// Text or bytes, or a collection, dictionary or nullable of them: what a secret can be written as. A whole number
    /// only for the secrets that are numbers (<c>int Pin</c>, <c>long CardNumber</c>), never for the others
    /// (<c>int TokenBalance</c>).
    /// </summary>
    private static bool CanHoldSecret(ITypeSymbol type, string word)
    {
        if (Element(type) is { } element)
        {
            return CanHoldSecret(element, word) || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte };
        }

        return type.SpecialType is SpecialType.System_String or SpecialType.System_Char
               || type is INamedTypeSymbol { Name: "Guid", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
               || (s_numericSecrets.Contains(word) && type.SpecialType is SpecialType.System_Int16 or SpecialType.System_UInt16
                   or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                   or SpecialType.System_Decimal);
    }

    /// <summary>The element of an array or collection, the value of a dictionary, or the underlying type of a nullable; else null.</summary>
    private static ITypeSymbol? Element(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type is not INamedTypeSymbol { IsGenericType: true } named)
        {
            return null;
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return named.TypeArguments[0];
        }

        return named.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic"
            ? named.TypeArguments[named.TypeArguments.Length - 1]
            : null;
    }

    /// <summary>
    /// The members the serializer stores: public readable instance properties (base types included) that can be set, that
    /// a constructor parameter fills, or that are collections filled in place; not computed ones, not [SessionIgnore].
    /// </summary>
    private static IEnumerable<IPropertySymbol> StoredMembers(INamedTypeSymbol type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null } property
                    && !HasAttribute(property, TypeNames.SessionIgnoreAttribute)
                    && (property.SetMethod is not null || Parameter(type, property.Name) is not null || Element(property.Type) is not null)
                    && names.Add(property.Name))
                {
                    yield return property;
                }
            }
        }
    }

    /// <summary>The constructor parameter that fills the property <paramref name="name"/> (a record's parameter), if any.</summary>
    private static IParameterSymbol? Parameter(INamedTypeSymbol type, string name)
        => type.InstanceConstructors
            .SelectMany(c => c.Parameters)
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static bool IsAcknowledged(ISymbol symbol) => HasAttribute(symbol, TypeNames.SessionSensitiveAttribute);

    private static bool HasAttribute(ISymbol symbol, string name)
        => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == name);

    private static bool IsFrameworkType(INamedTypeSymbol type)
    {
        var root = type.ContainingNamespace;
        while (root is { ContainingNamespace.IsGlobalNamespace: false })
        {
            root = root.ContainingNamespace;
        }

        return root is { IsGlobalNamespace: false, Name: "System" or "Microsoft" };
    }
}
