namespace ScSession;

/// <summary>A session as a store returns it.</summary>
public sealed class StoredSession
{
    /// <summary>Creates a stored session.</summary>
    public StoredSession(DateTimeOffset createdAt, DateTimeOffset lastSeenAt, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, string? ownerId = null)
    {
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

    /// <summary>The sections, by name.</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Sections { get; }
}
