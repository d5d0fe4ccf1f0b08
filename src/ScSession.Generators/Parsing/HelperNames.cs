using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Parsing;

/// <summary>
/// The names of the helper classes one model's file nests for its enums and user types (<c>__Scs_CartItem</c>),
/// unique within the model and one per type.
/// </summary>
/// <remarks>
/// One helper per type as <see cref="SymbolEqualityComparer.IncludeNullability"/> tells types apart, so that
/// <c>Pair&lt;int, string?&gt;</c> and <c>Pair&lt;int, string&gt;</c> get separate helpers with exact signatures. The
/// types are found by their display name and then compared, never hashed: hashing a symbol takes its identity hash code,
/// which Roslyn's symbols, locked while they bind, get only on a slow path (a profile showed about a tenth of the
/// parser's time there).
/// </remarks>
internal sealed class HelperNames
{
    private readonly Dictionary<string, List<(ITypeSymbol Type, string Helper)>> _byDisplayName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>The helper already named for <paramref name="type"/> (whose fully qualified name is <paramref name="displayName"/>), if any.</summary>
    public bool TryGet(ITypeSymbol type, string displayName, out string helper)
    {
        if (_byDisplayName.TryGetValue(displayName, out var candidates))
        {
            foreach (var candidate in candidates)
            {
                if (SymbolEqualityComparer.IncludeNullability.Equals(candidate.Type, type))
                {
                    helper = candidate.Helper;
                    return true;
                }
            }
        }

        helper = "";
        return false;
    }

    /// <summary>Names a helper for <paramref name="type"/>: <c>__Scs_{Name}</c>, numbered when another type took that.</summary>
    public string Add(INamedTypeSymbol type, string displayName)
    {
        var baseName = "__Scs_" + type.Name;
        var helper = baseName;
        for (var i = 2; !_used.Add(helper); i++)
        {
            helper = baseName + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        if (!_byDisplayName.TryGetValue(displayName, out var candidates))
        {
            candidates = new List<(ITypeSymbol Type, string Helper)>(1);
            _byDisplayName.Add(displayName, candidates);
        }

        candidates.Add((type, helper));
        return helper;
    }
}
