using ScSession.Internal;
using StackExchange.Redis;

namespace ScSession;

/// <summary>
/// A session store on Redis (StackExchange.Redis): one hash per session with one field per section (model),
/// <c>PEXPIRE</c> set to the rest of the session's life (idle or absolute, whichever ends first), per-section writes
/// so concurrent requests changing different models both persist, and renewal, save-if-exists, delete and touch as
/// atomic server-side Lua scripts. An owner index (one set per owner) lists and revokes a user's sessions.
/// </summary>
/// <remarks>
/// <para>Layout: <c>{prefix}s:{key}</c> is a hash with <c>m:c</c> (created, Unix ms), <c>m:l</c> (last seen), <c>m:o</c>
/// (owner), <c>m:d</c> (description), <c>s:{section}</c> fields and <c>v:{section}</c> (how many times the section was
/// written: a save that expects another version writes nothing, for <see cref="SessionConcurrency.Optimistic"/>);
/// <c>{prefix}o:{owner}</c> is a set of session hash keys; <c>{prefix}l:{key}:{section}</c> is the lease of an exclusive
/// model (<see cref="ISessionLeaseStore"/>): a string holding its holder's token, set with <c>SET NX PX</c> so it ends
/// by itself, and deleted only by that holder, which publishes the key on <c>{prefix}l:released</c> so waiting
/// requests continue at once (they also poll, in case a message is missed). The scripts touch the owner sets without declaring them, so use a single Redis node or a Sentinel/replica
/// setup, not Redis Cluster.</para>
/// <para>Listing an owner's sessions is one script call: it reads the owner's set on the server, drops the members whose
/// session is gone or re-owned, and returns the <c>limit</c> most recently seen.</para>
/// </remarks>
public sealed class RedisSessionStore : ISessionStore, ISessionOwnerIndex, ISessionLeaseStore, IDisposable
{
    // Shared by the save and renew scripts: records the session's timestamps, owner and description (indexing it in the
    // owner's set, kept alive as long as its longest session) and sets its expiry.
    private const string StampLua = """
        local function stamp(key, created, lastSeen, ttl, owner, ownerPrefix, description)
          redis.call('HSET', key, 'm:c', created, 'm:l', lastSeen)
          if owner ~= '' then
            redis.call('HSET', key, 'm:o', owner)
            local ownerKey = ownerPrefix .. owner
            redis.call('SADD', ownerKey, key)
            if redis.call('PTTL', ownerKey) < tonumber(ttl) then redis.call('PEXPIRE', ownerKey, ttl) end
          else
            redis.call('HDEL', key, 'm:o')
          end
          if description ~= '' then redis.call('HSET', key, 'm:d', description) else redis.call('HDEL', key, 'm:d') end
          redis.call('PEXPIRE', key, ttl)
        end

        """;

    // Shared by the save and renew scripts: the sections whose stored version ('v:' field, 0 when absent) is not the one
    // the write expects, from ARGV[first] (how many) and the name/version pairs after it.
    private const string StaleLua = """
        local function stale(key, first)
          local names = {}
          for i = first + 1, first + tonumber(ARGV[first]) * 2, 2 do
            if tonumber(redis.call('HGET', key, 'v:' .. ARGV[i]) or '0') ~= tonumber(ARGV[i + 1]) then names[#names + 1] = ARGV[i] end
          end
          return names
        end

        """;

    // KEYS[1] lease; ARGV: token, release channel. Deletes the lease only while that token holds it (a holder whose lease
    // ended and was taken by another request must not release the other's), and tells the waiters.
    private const string ReleaseLeaseScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('PUBLISH', ARGV[2], KEYS[1])
        return 1
        """;

    // KEYS[1] lease; ARGV: token, milliseconds. Takes a free lease, or extends it for the token that holds it.
    private const string TakeLeaseScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
        return 0
        """;

    // KEYS[1] session; ARGV: isNew, created, lastSeen, ttl, owner, ownerPrefix, description, the number of expected
    // versions and their name/version pairs, then section name/data pairs. Returns 1 (saved), 0 (no such session), or
    // the stale sections (nothing written).
    private const string SaveScript = StampLua + StaleLua + """
        local key = KEYS[1]
        if ARGV[1] == '0' and redis.call('EXISTS', key) == 0 then return 0 end
        local conflicts = stale(key, 8)
        if #conflicts > 0 then return conflicts end
        local oldOwner = redis.call('HGET', key, 'm:o')
        for i = 9 + tonumber(ARGV[8]) * 2, #ARGV, 2 do
          redis.call('HSET', key, 's:' .. ARGV[i], ARGV[i + 1])
          redis.call('HINCRBY', key, 'v:' .. ARGV[i], 1)
        end
        stamp(key, ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
        if oldOwner and oldOwner ~= ARGV[5] then redis.call('SREM', ARGV[6] .. oldOwner, key) end
        return 1
        """;

    // KEYS[1] old session, KEYS[2] new session; ARGV: created, lastSeen, ttl, owner, ownerPrefix, description. Moves the
    // session with its sections and versions; renewal writes no sections (the request's changes follow in its save).
    private const string RenewScript = StampLua + """
        local oldKey, newKey = KEYS[1], KEYS[2]
        if redis.call('EXISTS', oldKey) == 1 then
          local oldOwner = redis.call('HGET', oldKey, 'm:o')
          redis.call('RENAME', oldKey, newKey)
          if oldOwner then redis.call('SREM', ARGV[5] .. oldOwner, oldKey) end
        end
        stamp(newKey, ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6])
        return 1
        """;

    private const string DeleteScript = """
        local owner = redis.call('HGET', KEYS[1], 'm:o')
        if owner then redis.call('SREM', ARGV[1] .. owner, KEYS[1]) end
        return redis.call('DEL', KEYS[1])
        """;

    // KEYS[1] the owner's set; ARGV: owner, limit. Returns key, created, last seen, description (or nil) per session,
    // most recently seen first.
    private const string ListOwnerScript = """
        local owner, limit = ARGV[1], tonumber(ARGV[2])
        local live = {}
        for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local fields = redis.call('HMGET', key, 'm:o', 'm:c', 'm:l', 'm:d')
          if fields[1] == owner then
            live[#live + 1] = { key, fields[2], fields[3], fields[4] }
          else
            redis.call('SREM', KEYS[1], key) -- expired, deleted or re-owned
          end
        end
        table.sort(live, function(a, b) return tonumber(a[3]) > tonumber(b[3]) end)
        local listed = {}
        for i = 1, math.min(limit, #live) do
          for j = 1, 4 do listed[#listed + 1] = live[i][j] end
        end
        return listed
        """;

    // KEYS[1] session; ARGV: owner, ownerPrefix. Deletes the session only if that owner's.
    private const string RevokeScript = """
        if redis.call('HGET', KEYS[1], 'm:o') ~= ARGV[1] then return 0 end
        redis.call('SREM', ARGV[2] .. ARGV[1], KEYS[1])
        return redis.call('DEL', KEYS[1])
        """;

    // KEYS[1] session; ARGV: lastSeen, ttl, ownerPrefix. The owner's set lives as long as its longest session, so a
    // session kept alive by touches alone stays listed (and revocable).
    private const string TouchScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'm:l', ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        local owner = redis.call('HGET', KEYS[1], 'm:o')
        if owner then
          local ownerKey = ARGV[3] .. owner
          if redis.call('PTTL', ownerKey) < tonumber(ARGV[2]) then redis.call('PEXPIRE', ownerKey, ARGV[2]) end
        end
        return 1
        """;

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
        _ownerPrefix = options.KeyPrefix + "o:";
        _leasePrefix = options.KeyPrefix + "l:";
        _leaseReleases = new RedisLeaseReleases(connection, options.KeyPrefix + "l:released");
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
        var args = new RedisValue[8 + (expected * 2) + (write.ChangedSections.Count * 2)];
        args[0] = write.IsNew ? "1" : "0";
        args[1] = write.CreatedAt.ToUnixTimeMilliseconds();
        args[2] = write.LastSeenAt.ToUnixTimeMilliseconds();
        args[3] = Milliseconds(write.TimeToLive);
        args[4] = write.OwnerId ?? string.Empty;
        args[5] = _ownerPrefix;
        args[6] = write.Description ?? string.Empty;
        var i = AddExpectedVersions(args, 7, write);
        foreach (var (name, data) in write.ChangedSections)
        {
            args[i++] = name;
            args[i++] = data;
        }

        var result = await Db.ScriptEvaluateAsync(SaveScript, [SessionKey(key)], args).ConfigureAwait(false);
        ThrowIfStale(result);
        if (result.Resp2Type == ResultType.Integer && (long)result == 0 && write.ChangedSections.Count > 0)
        {
            throw SessionEndedException.For(write); // renewed, destroyed or expired meanwhile: not brought back
        }
    }

    /// <inheritdoc />
    public async ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        RedisValue[] args =
        [
            write.CreatedAt.ToUnixTimeMilliseconds(), write.LastSeenAt.ToUnixTimeMilliseconds(), Milliseconds(write.TimeToLive),
            write.OwnerId ?? string.Empty, _ownerPrefix, write.Description ?? string.Empty,
        ];
        await Db.ScriptEvaluateAsync(RenewScript, [SessionKey(oldKey), SessionKey(newKey)], args).ConfigureAwait(false);
    }

    /// <summary>True: each section has a version field (<c>v:{section}</c>), checked and written in the same script.</summary>
    public bool SupportsOptimisticConcurrency => true;

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
        => await Db.ScriptEvaluateAsync(DeleteScript, [SessionKey(key)], [_ownerPrefix]).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken)
        => await Db.ScriptEvaluateAsync(TouchScript, [SessionKey(key)], [lastSeenAt.ToUnixTimeMilliseconds(), Milliseconds(timeToLive), _ownerPrefix]).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OwnedSession>> GetOwnerSessionsAsync(string ownerId, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var listed = (RedisResult[])(await Db.ScriptEvaluateAsync(ListOwnerScript, [(RedisKey)(_ownerPrefix + ownerId)], [ownerId, limit]).ConfigureAwait(false))!;
        var sessions = new OwnedSession[listed.Length / 4];
        for (var i = 0; i < sessions.Length; i++)
        {
            var row = listed.AsSpan(i * 4, 4);
            sessions[i] = new OwnedSession(
                ((string)row[0]!)[_sessionPrefix.Length..],
                DateTimeOffset.FromUnixTimeMilliseconds((long)row[1]),
                DateTimeOffset.FromUnixTimeMilliseconds((long)row[2]),
                row[3].IsNull ? null : (string?)row[3]);
        }

        return sessions;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RevokeSessionAsync(string ownerId, string publicId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(publicId);
        return (long)await Db.ScriptEvaluateAsync(RevokeScript, [SessionKey(publicId)], [ownerId, _ownerPrefix]).ConfigureAwait(false) == 1;
    }

    /// <summary>Stops listening for lease releases, and disposes the connection when the store created it (<c>AddRedisStore(string)</c>).</summary>
    public void Dispose()
    {
        _leaseReleases.Dispose();
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAcquireLeaseAsync(string key, string section, string token, TimeSpan duration, CancellationToken cancellationToken)
        => (long)await Db.ScriptEvaluateAsync(TakeLeaseScript, [LeaseKey(key, section)], [token, Milliseconds(duration)]).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async ValueTask ReleaseLeaseAsync(string key, string section, string token, CancellationToken cancellationToken)
        => await Db.ScriptEvaluateAsync(ReleaseLeaseScript, [LeaseKey(key, section)], [token, _leaseReleases.Channel]).ConfigureAwait(false);

    /// <summary>Waits until the lease is released (told by the release script over pub/sub), or <paramref name="delay"/> passes.</summary>
    public ValueTask WaitForLeaseReleaseAsync(string key, string section, TimeSpan delay, CancellationToken cancellationToken)
        => _leaseReleases.WaitAsync((string)LeaseKey(key, section)!, delay, cancellationToken);

    private RedisKey SessionKey(string key) => _sessionPrefix + key;

    private RedisKey LeaseKey(string key, string section) => $"{_leasePrefix}{key}:{section}";

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

    /// <summary>A script answers the stale sections as an array when a checked write found a version moved.</summary>
    private static void ThrowIfStale(RedisResult result)
    {
        if (result.Resp2Type == ResultType.Array)
        {
            var stale = ((string[])result!).Order(StringComparer.Ordinal).ToArray();
            throw new SessionConflictException(stale);
        }
    }

    private static long Milliseconds(TimeSpan ttl) => Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds));
}
