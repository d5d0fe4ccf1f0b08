namespace ScSession;

/// <summary>
/// The context of <see cref="ScSessionEvents.OnExpired"/>: a session of a server-side store died of its idle or absolute
/// timeout. Raised outside any request, so there is no <c>HttpContext</c>; resolve services from
/// <see cref="Services"/> (the application's root provider: create a scope for scoped services).
/// </summary>
public sealed class ScSessionExpiredContext
{
    /// <summary>Creates a context.</summary>
    public ScSessionExpiredContext(IServiceProvider services, string sessionId, string? ownerId, SessionExpiryReason reason, DateTimeOffset createdAt, DateTimeOffset lastSeenAt, DateTimeOffset expiredAt)
    {
        Services = services;
        SessionId = sessionId;
        OwnerId = ownerId;
        Reason = reason;
        CreatedAt = createdAt;
        LastSeenAt = lastSeenAt;
        ExpiredAt = expiredAt;
    }

    /// <summary>The application's services (the root provider: there is no request scope).</summary>
    public IServiceProvider Services { get; }

    /// <summary>The session's public ID, as <see cref="ScSessionContext.SessionId"/> and <see cref="OwnedSession.PublicId"/> gave it.</summary>
    public string SessionId { get; }

    /// <summary>Who the session belonged to (see <c>SetSessionOwnerAsync</c>), or <see langword="null"/> for an anonymous session.</summary>
    public string? OwnerId { get; }

    /// <summary>Which timeout ended the session.</summary>
    public SessionExpiryReason Reason { get; }

    /// <summary>When the session was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When the session was last seen.</summary>
    public DateTimeOffset LastSeenAt { get; }

    /// <summary>
    /// When the session ended: its idle end (<see cref="LastSeenAt"/> + <see cref="ScSessionOptions.IdleTimeout"/>) or its
    /// absolute end (<see cref="CreatedAt"/> + <see cref="ScSessionOptions.AbsoluteTimeout"/>), whichever came first. The
    /// event follows later: when the store noticed (see the README's delivery guarantees).
    /// </summary>
    public DateTimeOffset ExpiredAt { get; }
}

/// <summary>Which timeout ended a session (<see cref="ScSessionExpiredContext.Reason"/>).</summary>
public enum SessionExpiryReason
{
    /// <summary>It was not used for <see cref="ScSessionOptions.IdleTimeout"/>.</summary>
    Idle,

    /// <summary>It reached <see cref="ScSessionOptions.AbsoluteTimeout"/> after its creation.</summary>
    Absolute,
}
