using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Parsing;

/// <summary>
/// The names of the helper classes one model's file nests for its enums and user types (<c>__Scs_CartItem</c>),
/// unique within the model and one per type.
/// </summary>
internal sealed class HelperNames
{
    // Keyed with nullability: Pair<int, string?> and Pair<int, string> get separate helpers with exact signatures.
    private readonly Dictionary<ITypeSymbol, string> _byType = new(SymbolEqualityComparer.IncludeNullability);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>The helper already named for <paramref name="type"/>, if any.</summary>
    public bool TryGet(ITypeSymbol type, out string name) => _byType.TryGetValue(type, out name!);

    /// <summary>Names a helper for <paramref name="type"/>: <c>__Scs_{Name}</c>, numbered when another type took that.</summary>
    public string Add(INamedTypeSymbol type)
    {
        var baseName = "__Scs_" + type.Name;
        var name = baseName;
        for (var i = 2; !_used.Add(name); i++)
        {
            name = baseName + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        _byType.Add(type, name);
        return name;
    }
}
