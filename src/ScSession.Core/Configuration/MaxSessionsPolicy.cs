namespace ScSession;

/// <summary>
/// What happens when a session gets an owner (<c>SetSessionOwnerAsync</c>) who already has
/// <see cref="ScSessionOptions.MaxSessionsPerOwner"/> live sessions: Spring Security's "maximum sessions".
/// </summary>
public enum MaxSessionsPolicy
{
    /// <summary>
    /// The new session is admitted and the owner's least recently used sessions (the longest unseen) are ended until
    /// the owner has the maximum again: signing in on a new device signs out the device used longest ago. The default.
    /// </summary>
    RevokeLeastRecentlyUsed,

    /// <summary>
    /// The new session is refused: <c>SetSessionOwnerAsync</c> throws a <see cref="SessionLimitExceededException"/>,
    /// the session keeps the owner it had before, and the owner's other sessions stay as they are. The user must sign
    /// out somewhere first (or the application revokes a session through <see cref="ISessionOwnerIndex"/>).
    /// </summary>
    RefuseNewSession,
}
