namespace ScSession;

/// <summary>A session as a store returns it.</summary>
public sealed class StoredSession
{
    /// <summary>Creates a stored session.</summary>
    public StoredSession(
        DateTimeOffset createdAt,
        DateTimeOffset lastSeenAt,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections,
        string? ownerId = null,
        IReadOnlyDictionary<string, long>? sectionVersions = null)
    {
        SectionVersions = sectionVersions ?? Internal.SectionVersions.None;
        CreatedAt = createdAt;
        LastSeenAt = lastSeenAt;
        Sections = sections;
        OwnerId = ownerId;
    }

    /// <summary>Who the session belongs to (see <c>SetSessionOwnerAsync</c>), or <see langword="null"/>.</summary>
    public string? OwnerId { get; }

    /// <summary>When the session was first created (renewal keeps it; the absolute timeout counts from here).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When the session was last seen (the idle timeout counts from here).</summary>
    public DateTimeOffset LastSeenAt { get; }

    /// <summary>
    /// Each section's version, for a store that supports <see cref="SessionConcurrency.Optimistic"/>
    /// (<see cref="ISessionStore.SupportsOptimisticConcurrency"/>): the number of times it was written. Empty otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, long> SectionVersions { get; }

    /// <summary>The sections, by name.</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Sections { get; }
}
