namespace ScSession.Internal;

/// <summary>What the session cookie still needs from the next save, whether or not a model changed.</summary>
internal enum CookieDuty
{
    /// <summary>Nothing: the cookie the browser holds is right, unless a change or the idle refresh re-issues it.</summary>
    None,

    /// <summary>The request sent a cookie that was refused (expired, forged, malformed): expire it so the browser stops sending it.</summary>
    ExpireRefused,

    /// <summary>The session was destroyed: expire its cookie, unless a new session (kept sections, a change) replaces it.</summary>
    ExpireDestroyed,

    /// <summary>The session was renewed: the browser must get the cookie with the new ID.</summary>
    Reissue,
}
