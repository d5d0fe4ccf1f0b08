namespace ScSession.Internal;

/// <summary>
/// One kind of store operation: a short name for traces (the span <c>ScSession {name}</c>) and what it does, to
/// complete an error's "could not …".
/// </summary>
internal sealed record StoreOperation(string Name, string Description)
{
    /// <summary>The span's name: <c>ScSession load</c>, <c>ScSession save</c>…</summary>
    public string SpanName { get; } = "ScSession " + Name;

    public static readonly StoreOperation Load = new("load", "load a session");
    public static readonly StoreOperation Save = new("save", "save a session");
    public static readonly StoreOperation Touch = new("touch", "touch a session");
    public static readonly StoreOperation Renew = new("renew", "renew a session");
    public static readonly StoreOperation Delete = new("delete", "delete a session");
    public static readonly StoreOperation TakeLease = new("take_lease", "take the lease of a session model");
    public static readonly StoreOperation ReleaseLease = new("release_lease", "release the lease of a session model");
    public static readonly StoreOperation ListOwnerSessions = new("list_owner_sessions", "list a user's sessions");
    public static readonly StoreOperation RevokeSession = new("revoke_session", "revoke a session");
    public static readonly StoreOperation RevokeOwnerSessions = new("revoke_owner_sessions", "revoke a user's sessions");
    public static readonly StoreOperation AdmitOwnerSession = new("admit_owner_session", "hold a user to MaxSessionsPerOwner");
}
