namespace ScSession.Internal;

/// <summary>
/// The per-section versions behind <see cref="SessionConcurrency.Optimistic"/>, for stores that keep them in process:
/// every write of a section adds one to its version, and a write that expects a version writes nothing when the stored
/// one differs (0: the section does not exist yet).
/// </summary>
internal static class SectionVersions
{
    public static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Throws <see cref="SessionConflictException"/> when a section's stored version is not the one the write expects.</summary>
    public static void ThrowIfStale(IReadOnlyDictionary<string, long>? expected, IReadOnlyDictionary<string, long> stored)
    {
        if (expected is null || expected.Count == 0)
        {
            return;
        }

        List<string>? stale = null;
        foreach (var (name, version) in expected)
        {
            if (stored.GetValueOrDefault(name) != version)
            {
                (stale ??= []).Add(name);
            }
        }

        if (stale is not null)
        {
            stale.Sort(StringComparer.Ordinal);
            throw new SessionConflictException(stale);
        }
    }

    /// <summary>The versions after <paramref name="written"/> were written: one more for each.</summary>
    public static IReadOnlyDictionary<string, long> After(IReadOnlyDictionary<string, long> stored, IEnumerable<string> written)
    {
        var next = new Dictionary<string, long>(stored, StringComparer.Ordinal);
        foreach (var name in written)
        {
            next[name] = next.GetValueOrDefault(name) + 1;
        }

        return next;
    }
}
