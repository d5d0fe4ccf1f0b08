namespace ScSession;

/// <summary>
/// A session could not be given its owner: the owner already has <see cref="ScSessionOptions.MaxSessionsPerOwner"/>
/// live sessions and <see cref="ScSessionOptions.MaxSessionsPolicy"/> is <see cref="MaxSessionsPolicy.RefuseNewSession"/>.
/// Thrown by <c>SetSessionOwnerAsync</c> before anything else of the sign-in happened, so the application can answer
/// "you are signed in on too many devices" instead of signing the user in. The session keeps its previous owner.
/// </summary>
public sealed class SessionLimitExceededException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="maxSessions">The limit that was reached.</param>
    public SessionLimitExceededException(int maxSessions)
        : base($"The user already has the most live sessions allowed ({maxSessions}, ScSessionOptions.MaxSessionsPerOwner), so this session was not given that owner (MaxSessionsPolicy.RefuseNewSession). Ask the user to sign out on another device, or revoke one of their sessions (ISessionOwnerIndex).")
        => MaxSessions = maxSessions;

    /// <summary>The limit that was reached (<see cref="ScSessionOptions.MaxSessionsPerOwner"/>).</summary>
    public int MaxSessions { get; }
}
