namespace ScSession;

/// <summary>What one request writes to a store.</summary>
public sealed class SessionWrite
{
    /// <summary>Creates a write.</summary>
    public SessionWrite(
        bool isNew,
        DateTimeOffset createdAt,
        DateTimeOffset lastSeenAt,
        TimeSpan timeToLive,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> changedSections,
        string? ownerId = null,
        string? description = null)
    {
        OwnerId = ownerId;
        Description = ownerId is null ? null : description;
        IsNew = isNew;
        CreatedAt = createdAt;
        LastSeenAt = lastSeenAt;
        TimeToLive = timeToLive;
        ChangedSections = changedSections;
    }

    /// <summary>True when the session is created by this write; false when it must already exist.</summary>
    public bool IsNew { get; }

    /// <summary>When the session was first created (renewal keeps it).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When the session was last seen.</summary>
    public DateTimeOffset LastSeenAt { get; }

    /// <summary>How long the store should keep the session from now (the rest of its idle or absolute window, whichever ends first).</summary>
    public TimeSpan TimeToLive { get; }

    /// <summary>The sections that changed, by name; sections not listed keep their stored value. May be empty.</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> ChangedSections { get; }

    /// <summary>
    /// The session's owner (a user ID set with <c>SetSessionOwnerAsync</c>), or <see langword="null"/> for none. The
    /// store records it with the session and, when it implements <see cref="ISessionOwnerIndex"/>, indexes the session
    /// under it (and out of its previous owner's reach).
    /// </summary>
    public string? OwnerId { get; }

    /// <summary>
    /// What the owner recognizes the session by (see <see cref="OwnedSession.Description"/>), or <see langword="null"/>;
    /// always <see langword="null"/> without an <see cref="OwnerId"/>. A store that implements
    /// <see cref="ISessionOwnerIndex"/> records it with the owner and lists it.
    /// </summary>
    public string? Description { get; }

    /// <summary>
    /// The sections written only if their stored version (<see cref="StoredSession.SectionVersions"/>) is still the one
    /// given here (0: the section must not exist yet), or <see langword="null"/>. When one is not, the store writes
    /// nothing of this write and throws <see cref="SessionConflictException"/> naming those sections. Only set for a
    /// store that <see cref="ISessionStore.SupportsOptimisticConcurrency">supports it</see>.
    /// </summary>
    public IReadOnlyDictionary<string, long>? ExpectedVersions { get; init; }
}
