using ScSession.Internal;
using StackExchange.Redis;

namespace ScSession;

/// <summary>
/// A session store on Redis (StackExchange.Redis), on a single node, a Sentinel/replica setup or Redis Cluster: one
/// hash per session with one field per section (model), <c>PEXPIRE</c> set to the rest of the session's life (idle or
/// absolute, whichever ends first), per-section writes so concurrent requests changing different models both persist,
/// and save-if-exists, delete and touch as atomic server-side Lua scripts. An owner index (one set per owner) lists and
/// revokes a user's sessions, its work bounded by the listing's limit, not by how many sessions the user has.
/// </summary>
/// <remarks>
/// <para>Layout: <c>{prefix}s:{key}</c> is a hash with <c>m:c</c> (created, Unix ms), <c>m:l</c> (last seen), <c>m:o</c>
/// (owner), <c>m:d</c> (description), <c>s:{section}</c> fields and <c>v:{section}</c> (how many times the section was
/// written: a save that expects another version writes nothing, for <see cref="SessionConcurrency.Optimistic"/>);
/// <c>{prefix}os:{{owner}}</c> is the owner's index, a sorted set of session hash keys scored by last seen (braces and
/// <c>%</c> in the owner ID escaped as <c>%7B</c>, <c>%7D</c>, <c>%25</c>), and <c>{prefix}os:{{owner}}:ttl</c> the longest
/// time to live its sessions were given; <c>{prefix}l:{{prefix}s:{key}}:{section}</c> is the lease of an
/// exclusive model (<see cref="ISessionLeaseStore"/>): a string holding its holder's token, set with <c>SET NX PX</c> so
/// it ends by itself, and deleted only by that holder, which publishes the key on <c>{prefix}l:released</c> so waiting
/// requests continue at once (they also poll, in case a message is missed); <c>{prefix}r:{{prefix}s:{key}}</c> is a
/// renewal's tombstone.</para>
/// <para>Redis Cluster: the lease and tombstone keys carry the session's key as their hash tag (in braces), so a session,
/// its leases and its tombstone share one slot, and every script touches only keys of one slot (the key prefix may not
/// contain braces). A session's own key has no braces, so it stays where earlier versions of this store kept it.</para>
/// <para>Renewal crosses slots (the new ID hashes anywhere), so it is three steps, never a moment where both IDs load:
/// a script on the old slot moves the session to its tombstone (from then on the old ID loads nothing) and reads it; a
/// script on the new slot writes it under the new ID; then the tombstone is deleted. When the second step fails, the
/// tombstone is renamed back (unless the new ID turns out to have been written) and the renewal throws; a tombstone
/// that cannot be restored keeps the data for a minute. On a single node the same steps run.</para>
/// <para>The owner index is kept by separate commands next to the session scripts, since an owner's index lives in
/// another slot: a save or touch adds the session to its owner's index in the same round trip as the session script
/// (and drops members last seen longer ago than the longest time to live: expired sessions), and the old owner's index
/// is updated after it. The session's <c>m:o</c> field is the truth; the index may hold a session that is gone or
/// re-owned (listing drops those), and may miss a session only briefly: a listing that races with the session's first
/// write, or a failed index update (the request then fails), is mended by the session's next save or touch, which
/// add it again.</para>
/// <para>Listing reads the index from its most recently seen end in pipelined batches of at most
/// <see cref="OwnerBatchSize"/> until it has <c>limit</c> live sessions, so its work is bounded by <c>limit</c>;
/// revoking all of an owner's sessions works through the index in the same batches.</para>
/// <para>Failover on a cluster: while a master is down, operations on its slots fail (the request fails with a
/// <see cref="SessionStoreException"/>) after the connection's timeout, until its replica takes over; keep that timeout
/// short (<c>connectTimeout</c>, <c>asyncTimeout</c>) and run the servers with <c>cluster-require-full-coverage no</c>,
/// or Redis stops every master while a slot is unserved. Replication is asynchronous: a write the master acknowledged
/// but had not yet sent to its replica is lost with it.</para>
/// </remarks>
public sealed partial class RedisSessionStore : ISessionStore, ISessionOwnerIndex, ISessionLeaseStore, ISessionOwnerLimitStore, ISessionExpirySource, IDisposable
{
    private static readonly RedisValue s_created = "m:c";
    private static readonly RedisValue s_lastSeen = "m:l";
    private static readonly RedisValue s_owner = "m:o";
    private static readonly IReadOnlyDictionary<string, long> s_noVersions = new Dictionary<string, long>();

    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly int _database;
    private readonly string _sessionPrefix;
    private readonly string _ownerPrefix;
    private readonly RedisLeaseReleases _leaseReleases;
    private readonly string _leasePrefix;
    private readonly string _tombstonePrefix;
    private readonly string _ledgerPrefix;
    private readonly RedisReplicaWait _replicas;

    /// <summary>Creates a store on a connection the application manages (and disposes).</summary>
    public RedisSessionStore(IConnectionMultiplexer connection, RedisSessionStoreOptions options)
        : this(connection, options, ownsConnection: false)
    {
    }

    internal RedisSessionStore(IConnectionMultiplexer connection, RedisSessionStoreOptions options, bool ownsConnection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _ownsConnection = ownsConnection;
        _database = options.Database;
        _sessionPrefix = options.KeyPrefix + "s:";
        _ownerPrefix = options.KeyPrefix + "os:";
        _leasePrefix = options.KeyPrefix + "l:";
        _tombstonePrefix = options.KeyPrefix + "r:";
        _ledgerPrefix = options.KeyPrefix + "x:";
        _leaseReleases = new RedisLeaseReleases(connection, options.KeyPrefix + "l:released");
        _replicas = new RedisReplicaWait(connection, options.WaitForReplicas, options.ReplicaWaitTimeout);
    }

    private IDatabase Db => _connection.GetDatabase(_database);

    /// <inheritdoc />
    public async ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var entries = await Db.HashGetAllAsync(SessionKey(key)).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return null;
        }

        long created = 0, lastSeen = 0;
        string? owner = null;
        var sections = new Dictionary<string, ReadOnlyMemory<byte>>(entries.Length, StringComparer.Ordinal);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = (string)entry.Name!;
            if (name.StartsWith("s:", StringComparison.Ordinal))
            {
                sections[name[2..]] = (byte[])entry.Value!;
            }
            else if (name.StartsWith("v:", StringComparison.Ordinal))
            {
                versions[name[2..]] = (long)entry.Value;
            }
            else if (entry.Name == s_created)
            {
                created = (long)entry.Value;
            }
            else if (entry.Name == s_lastSeen)
            {
                lastSeen = (long)entry.Value;
            }
            else if (entry.Name == s_owner)
            {
                owner = entry.Value;
            }
        }

        return new StoredSession(DateTimeOffset.FromUnixTimeMilliseconds(created), DateTimeOffset.FromUnixTimeMilliseconds(lastSeen), sections, owner, versions);
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var expected = write.ExpectedVersions?.Count ?? 0;
        var args = new RedisValue[7 + (expected * 2) + (write.ChangedSections.Count * 2)];
        args[0] = write.IsNew ? "1" : "0";
        args[1] = write.CreatedAt.ToUnixTimeMilliseconds();
        args[2] = write.LastSeenAt.ToUnixTimeMilliseconds();
        args[3] = Milliseconds(write.TimeToLive);
        args[4] = write.OwnerId ?? string.Empty;
        args[5] = write.Description ?? string.Empty;
        var i = AddExpectedVersions(args, 6, write);
        foreach (var (name, data) in write.ChangedSections)
        {
            args[i++] = name;
            args[i++] = data;
        }

        // The owner's set (another slot) is updated in the same round trip, not after the answer: a set that holds a
        // session whose save then fails costs a listing one dead member, a set that misses a live one hides it.
        var sessionKey = SessionKey(key);
        var saving = Db.ScriptEvaluateAsync(RedisSessionScripts.Save, WithLedger(sessionKey), args);
        var indexing = IndexOwnerAsync(write.OwnerId, sessionKey, write.LastSeenAt, write.TimeToLive);
        await Task.WhenAll(saving, indexing).ConfigureAwait(false);
        var result = await saving.ConfigureAwait(false);

        if (result.Resp2Type == ResultType.Integer)
        {
            if (write.ChangedSections.Count > 0)
            {
                throw SessionEndedException.For(write); // renewed, destroyed or expired meanwhile: not brought back
            }

            await _replicas.AfterWriteAsync(sessionKey).ConfigureAwait(false);
            return;
        }

        var answer = (RedisResult[])result!;
        if ((long)answer[0] == 0)
        {
            var stale = answer.Skip(1).Select(r => (string)r!).Order(StringComparer.Ordinal).ToArray();
            throw new SessionConflictException(stale);
        }

        await _replicas.AfterWriteAsync(sessionKey).ConfigureAwait(false);
        await UnindexOwnerAsync((string?)answer[1], write.OwnerId, sessionKey).ConfigureAwait(false);
    }

    /// <summary>True: each section has a version field (<c>v:{section}</c>), checked and written in the same script.</summary>
    public bool SupportsOptimisticConcurrency => true;

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var sessionKey = SessionKey(key);
        var owner = await Db.ScriptEvaluateAsync(RedisSessionScripts.Delete, WithLedger(sessionKey)).ConfigureAwait(false);
        await _replicas.AfterWriteAsync(sessionKey).ConfigureAwait(false); // a failover must not bring a destroyed session back
        await UnindexOwnerAsync((string?)owner, null, sessionKey).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var sessionKey = SessionKey(key);
        var owner = await Db.ScriptEvaluateAsync(RedisSessionScripts.Touch, WithLedger(sessionKey), [lastSeenAt.ToUnixTimeMilliseconds(), Milliseconds(timeToLive)]).ConfigureAwait(false);

        // Also adds the session again, which mends a set that missed it (see the class remarks).
        await IndexOwnerAsync((string?)owner, sessionKey, lastSeenAt, timeToLive).ConfigureAwait(false);
    }

    /// <summary>Stops listening for lease releases, and disposes the connection when the store created it (<c>AddRedisStore(string)</c>).</summary>
    public void Dispose()
    {
        _leaseReleases.Dispose();
        _expiry?.Dispose();
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAcquireLeaseAsync(string key, string section, string token, TimeSpan duration, CancellationToken cancellationToken)
        => (long)await Db.ScriptEvaluateAsync(RedisSessionScripts.TakeLease, [LeaseKey(key, section)], [token, Milliseconds(duration)]).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async ValueTask ReleaseLeaseAsync(string key, string section, string token, CancellationToken cancellationToken)
        => await Db.ScriptEvaluateAsync(RedisSessionScripts.ReleaseLease, [LeaseKey(key, section)], [token, _leaseReleases.Channel]).ConfigureAwait(false);

    /// <summary>Waits until the lease is released (told by the release script over pub/sub), or <paramref name="delay"/> passes.</summary>
    public ValueTask WaitForLeaseReleaseAsync(string key, string section, TimeSpan delay, CancellationToken cancellationToken)
        => _leaseReleases.WaitAsync((string)LeaseKey(key, section)!, delay, cancellationToken);

    private RedisKey SessionKey(string key)
    {
        // A brace in a key would make its lease and tombstone hash elsewhere than the session; store keys are base64url.
        if (key.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException("A Redis store key may not contain braces (they are Redis Cluster hash tags).", nameof(key));
        }

        return _sessionPrefix + key;
    }

    // The session's own key as hash tag: the lease and the tombstone live in the session's cluster slot.
    private RedisKey LeaseKey(string key, string section) => $"{_leasePrefix}{{{SessionKey(key)}}}:{section}";

    private RedisKey TombstoneKey(string key) => $"{_tombstonePrefix}{{{SessionKey(key)}}}";

    /// <summary>Writes the expected versions' count at <paramref name="at"/> and their name/version pairs after it; returns the next index.</summary>
    private static int AddExpectedVersions(RedisValue[] args, int at, SessionWrite write)
    {
        args[at++] = write.ExpectedVersions?.Count ?? 0;
        foreach (var (name, version) in write.ExpectedVersions ?? s_noVersions)
        {
            args[at++] = name;
            args[at++] = version;
        }

        return at;
    }

    private static long Milliseconds(TimeSpan ttl) => Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds));
}
