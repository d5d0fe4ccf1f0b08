namespace ScSession;

/// <summary>
/// What survives a sign-out with <see cref="ScSessionBuilder.RenewOnSignInDestroyOnSignOut"/>: by default nothing, as
/// OWASP recommends; name the models that describe the browser rather than the user (a theme, a language) to carry
/// them into the next session.
/// </summary>
public sealed class SessionSignOutOptions
{
    private readonly List<string> _keptSections = [];

    /// <summary>
    /// The authentication schemes whose sign-out ends the session. Empty (the default): the default authenticate
    /// scheme — the one the user is signed in with, Identity's application cookie — and sign-outs without a scheme.
    /// Signing out of other schemes (Identity's external, two-factor and remember-me schemes, which it signs out of
    /// during sign-in) leaves the session alone.
    /// </summary>
    public IList<string> Schemes { get; } = [];

    /// <summary>The section names kept across sign-out.</summary>
    public IReadOnlyList<string> KeptSections => _keptSections;

    /// <summary>
    /// Keeps the model <typeparamref name="T"/> across sign-out: it moves to the new session that follows (with a new
    /// ID), while everything else is destroyed. Do not keep anything that belongs to the signed-out user.
    /// </summary>
    public SessionSignOutOptions Keep<T>() where T : class, ISessionModel<T>
    {
        if (!_keptSections.Contains(T.SectionName))
        {
            _keptSections.Add(T.SectionName);
        }

        return this;
    }
}
