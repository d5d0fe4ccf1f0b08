namespace ScSession.Internal;

/// <summary>What a save does with the store and the cookie.</summary>
internal enum CommitAction
{
    /// <summary>Nothing to write: no change, no renewal, no idle refresh due, no cookie to expire.</summary>
    None,

    /// <summary>No session, no change, but the browser holds a cookie that must go: expire it.</summary>
    ExpireCookie,

    /// <summary>No session yet and something to store: create one with a new ID and issue its cookie.</summary>
    Create,

    /// <summary>Update the existing session (changed sections, a renewal, or the idle refresh of its expiry).</summary>
    Update,
}

/// <summary>
/// The decision of one save, from facts about the request to what to write: kept free of I/O and of the request's
/// objects so every combination can be tested as a table (<c>CommitPlanTests</c>).
/// </summary>
/// <param name="Action">What to do with the store.</param>
/// <param name="ReissueCookie">
/// Whether the cookie is written again: always for a new session and on the cookie store (the cookie is the data);
/// on a server store only when the ID or the expiry it carries moved.
/// </param>
internal readonly record struct CommitPlan(CommitAction Action, bool ReissueCookie)
{
    /// <param name="hasSession">The request holds a loaded (or earlier saved) session.</param>
    /// <param name="hasChanges">A model differs from what is stored, or sections kept across a destroy wait to be stored.</param>
    /// <param name="duty">What the cookie still needs.</param>
    /// <param name="idleRefreshDue">The session was last refreshed at least <c>IdleRefreshInterval</c> ago.</param>
    /// <param name="dataInCookie">The backend keeps the data in the cookie (the cookie store).</param>
    /// <param name="responseStarted">The response has started, so no cookie can be written or expired.</param>
    public static CommitPlan Decide(bool hasSession, bool hasChanges, CookieDuty duty, bool idleRefreshDue, bool dataInCookie, bool responseStarted)
    {
        if (!hasSession)
        {
            if (hasChanges)
            {
                return new(CommitAction.Create, ReissueCookie: true);
            }

            var expire = duty is CookieDuty.ExpireRefused or CookieDuty.ExpireDestroyed && !responseStarted;
            return new(expire ? CommitAction.ExpireCookie : CommitAction.None, ReissueCookie: false);
        }

        var renewed = duty == CookieDuty.Reissue;
        if (!hasChanges && !renewed && !idleRefreshDue)
        {
            return new(CommitAction.None, ReissueCookie: false);
        }

        return new(CommitAction.Update, ReissueCookie: dataInCookie || renewed || idleRefreshDue);
    }
}
