namespace ScSession;

/// <summary>One live session of an owner, as <see cref="ISessionOwnerIndex.GetOwnerSessionsAsync"/> lists it.</summary>
public sealed class OwnedSession
{
    /// <summary>The longest <see cref="Description"/> <c>SetSessionOwnerAsync</c> accepts, in characters.</summary>
    public const int MaxDescriptionLength = 256;

    /// <summary>Creates a listed session.</summary>
    public OwnedSession(string publicId, DateTimeOffset createdAt, DateTimeOffset lastSeenAt, string? description)
    {
        ArgumentNullException.ThrowIfNull(publicId);
        PublicId = publicId;
        CreatedAt = createdAt;
        LastSeenAt = lastSeenAt;
        Description = description;
    }

    /// <summary>
    /// The session's public identifier: equal to <c>HttpContext.Session.Id</c> in that session's requests (and to the
    /// key ScSession gives the store), never the secret ID its cookie carries. Pass it to
    /// <see cref="ISessionOwnerIndex.RevokeSessionAsync"/> to end this session.
    /// </summary>
    public string PublicId { get; }

    /// <summary>When the session was first created (renewal keeps it).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When the session was last saved or its idle window last slid.</summary>
    public DateTimeOffset LastSeenAt { get; }

    /// <summary>
    /// What the owner recognizes the session by ("Firefox on Windows"), as the application recorded it with
    /// <c>SetSessionOwnerAsync(ownerId, description)</c>; <see langword="null"/> when it recorded none.
    /// </summary>
    public string? Description { get; }
}
