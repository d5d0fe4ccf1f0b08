namespace ScSession;

/// <summary>
/// A store that can hold each owner to a number of live sessions (<see cref="ScSessionOptions.MaxSessionsPerOwner"/>)
/// without races: an optional capability of an <see cref="ISessionStore"/> that also implements
/// <see cref="ISessionOwnerIndex"/> (memory, Redis, PostgreSQL). A limit on a store without it fails at start-up.
/// </summary>
/// <remarks>
/// <para>ScSession calls <see cref="AdmitOwnerSessionAsync"/> when a session gets an owner (<c>SetSessionOwnerAsync</c>),
/// right after it has saved the session with that owner, so the session is already in the store and in the owner's
/// index. The store then decides, atomically per owner, whether the owner now has more than the limit, and what gives
/// way. Because each admitted session is written before its admission, two sign-ins of one user at once cannot both
/// see room for themselves: the later admission counts the earlier session.</para>
/// <para>Each call runs within <see cref="ScSessionOptions.StoreTimeout"/> and is not cancelled by the client (it ends
/// sessions); failures are wrapped in a <see cref="SessionStoreException"/> as for every store operation.</para>
/// </remarks>
public interface ISessionOwnerLimitStore
{
    /// <summary>
    /// Admits the session stored under <paramref name="key"/>, which the store holds with the owner
    /// <paramref name="ownerId"/>, when the owner's live sessions (this one included) number at most
    /// <paramref name="maxSessions"/>. When they are more: with <see cref="MaxSessionsPolicy.RevokeLeastRecentlyUsed"/>
    /// the store ends the owner's least recently seen other sessions until <paramref name="maxSessions"/> remain, and
    /// admits; with <see cref="MaxSessionsPolicy.RefuseNewSession"/> it takes this session out of the owner's index,
    /// ends nothing, and refuses (ScSession then saves the session's previous owner back).
    /// </summary>
    /// <param name="ownerId">The owner the session was just saved with.</param>
    /// <param name="key">The session's store key (its public ID).</param>
    /// <param name="maxSessions">The most live sessions the owner may have (at least 1).</param>
    /// <param name="policy">What gives way when there are more.</param>
    /// <param name="lastSeenAt">When the session was last seen (its place in the owner's index).</param>
    /// <param name="cancellationToken">Cancelled at the store timeout.</param>
    /// <returns>Whether the session was admitted, and the public IDs of the sessions ended to make room.</returns>
    ValueTask<OwnerSessionAdmission> AdmitOwnerSessionAsync(string ownerId, string key, int maxSessions, MaxSessionsPolicy policy, DateTimeOffset lastSeenAt, CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="ISessionOwnerLimitStore.AdmitOwnerSessionAsync"/>.</summary>
/// <param name="Admitted">True when the session keeps its owner; false when it was refused.</param>
/// <param name="Revoked">The public IDs of the owner's sessions ended to make room (empty when none).</param>
public sealed record OwnerSessionAdmission(bool Admitted, IReadOnlyList<string> Revoked)
{
    /// <summary>Admitted, nothing ended.</summary>
    public static OwnerSessionAdmission Admit { get; } = new(true, []);

    /// <summary>Refused, nothing ended.</summary>
    public static OwnerSessionAdmission Refuse { get; } = new(false, []);
}
