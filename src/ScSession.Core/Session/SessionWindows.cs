namespace ScSession.Internal;

/// <summary>
/// The windows one session lives by, from the options and the session's own "remember me" flag
/// (<see cref="PersistenceSection"/>): the load check, the cookie's expiry and the server store's time to live all
/// use these, so they agree.
/// </summary>
/// <param name="Idle">How long the session lives without a request that uses it.</param>
/// <param name="Absolute">The longest it lives from its creation.</param>
/// <param name="PersistentCookie">
/// True: the cookie carries <c>Expires</c>/<c>Max-Age</c>; false: a browser-session cookie, which the browser drops
/// when it closes (the server still enforces <paramref name="Idle"/> and <paramref name="Absolute"/>).
/// </param>
/// <param name="IdleRefreshInterval">
/// How long after the last save a read-only request re-issues the cookie (and touches the store) to slide the idle
/// window: a quarter of the normal <see cref="ScSessionOptions.IdleTimeout"/> for every session, remembered or not, so
/// "last seen" stays as fresh for a remembered session ("Your devices", the least recently used of
/// <see cref="ScSessionOptions.MaxSessionsPerOwner"/>) as for any other.
/// </param>
internal readonly record struct SessionWindows(TimeSpan Idle, TimeSpan Absolute, bool PersistentCookie, TimeSpan IdleRefreshInterval)
{
    /// <summary>
    /// Not marked: a persistent cookie with the normal windows (the behaviour before "remember me" existed).
    /// <c>true</c>: a persistent cookie with the remembered windows (each falling back to the normal one when unset).
    /// <c>false</c>: a browser-session cookie with the normal windows.
    /// </summary>
    public static SessionWindows Of(bool? persistent, ScSessionOptions options) => persistent switch
    {
        true => new(options.RememberedIdleTimeout ?? options.IdleTimeout, options.RememberedAbsoluteTimeout ?? options.AbsoluteTimeout, PersistentCookie: true, options.IdleTimeout / 4),
        false => new(options.IdleTimeout, options.AbsoluteTimeout, PersistentCookie: false, options.IdleTimeout / 4),
        null => new(options.IdleTimeout, options.AbsoluteTimeout, PersistentCookie: true, options.IdleTimeout / 4),
    };

    /// <summary>The windows of <paramref name="envelope"/>, from its stored <c>$persist</c> section.</summary>
    public static SessionWindows Of(SessionEnvelope envelope, ScSessionOptions options)
        => Of(PersistenceSection.ReadFlag(envelope.Sections), options);

    /// <summary>When a session ends unless it is used again: at its idle end or its absolute end, whichever comes first.</summary>
    public DateTimeOffset ExpiresAt(SessionEnvelope envelope)
    {
        var idleEnd = envelope.LastSeenAt + Idle;
        var absoluteEnd = envelope.CreatedAt + Absolute;
        return idleEnd < absoluteEnd ? idleEnd : absoluteEnd;
    }
}
