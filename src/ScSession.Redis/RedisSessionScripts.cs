namespace ScSession.Internal;

/// <summary>
/// The Lua scripts of the Redis store. Each declares in <c>KEYS</c> every key it touches, and those keys share one slot
/// (a session, its leases and its renewal tombstone hash alike), so every script runs on Redis Cluster as on a single
/// node. An owner's index lives in its own slot: it is never touched by a session's script, but by separate commands
/// around them (<see cref="IndexOwner"/> and <c>ZREM</c>).
/// </summary>
internal static class RedisSessionScripts
{
    // The expiry ledger (only while the application handles OnExpired): a small hash next to the session, in its slot,
    // with a copy of its created, last seen and owner, living ten minutes longer than the session, so that when Redis
    // expires the session (and tells of it) its owner and times can still be read, once.
    private const string LedgerLua = """
        local function ledger(key, lkey, ttl)
          if not lkey then return end
          local m = redis.call('HMGET', key, 'm:c', 'm:l', 'm:o')
          redis.call('HSET', lkey, 'c', m[1], 'l', m[2])
          if m[3] then redis.call('HSET', lkey, 'o', m[3]) else redis.call('HDEL', lkey, 'o') end
          redis.call('PEXPIRE', lkey, tonumber(ttl) + 600000)
        end

        """;

    // Records the session's timestamps, owner and description and sets its expiry (and its ledger's, when given).
    private const string StampLua = LedgerLua + """
        local function stamp(key, created, lastSeen, ttl, owner, description, lkey)
          redis.call('HSET', key, 'm:c', created, 'm:l', lastSeen)
          if owner ~= '' then redis.call('HSET', key, 'm:o', owner) else redis.call('HDEL', key, 'm:o') end
          if description ~= '' then redis.call('HSET', key, 'm:d', description) else redis.call('HDEL', key, 'm:d') end
          redis.call('PEXPIRE', key, ttl)
          ledger(key, lkey, ttl)
        end

        """;

    // The sections whose stored version ('v:' field, 0 when absent) is not the one the write expects, from ARGV[first]
    // (how many) and the name/version pairs after it.
    private const string StaleLua = """
        local function stale(key, first)
          local names = {}
          for i = first + 1, first + tonumber(ARGV[first]) * 2, 2 do
            if tonumber(redis.call('HGET', key, 'v:' .. ARGV[i]) or '0') ~= tonumber(ARGV[i + 1]) then names[#names + 1] = ARGV[i] end
          end
          return names
        end

        """;

    /// <summary>
    /// KEYS[1] session, KEYS[2] (optional) its expiry ledger; ARGV: isNew, created, lastSeen, ttl, owner, description, the number of expected versions and
    /// their name/version pairs, then section name/data pairs. Returns 0 (no such session, nothing written),
    /// <c>{0, stale sections...}</c> (nothing written), or <c>{1, previous owner or ''}</c> (saved).
    /// </summary>
    public const string Save = StampLua + StaleLua + """
        local key = KEYS[1]
        if ARGV[1] == '0' and redis.call('EXISTS', key) == 0 then return 0 end
        local conflicts = stale(key, 7)
        if #conflicts > 0 then table.insert(conflicts, 1, 0) return conflicts end
        local oldOwner = redis.call('HGET', key, 'm:o') or ''
        for i = 8 + tonumber(ARGV[7]) * 2, #ARGV, 2 do
          redis.call('HSET', key, 's:' .. ARGV[i], ARGV[i + 1])
          redis.call('HINCRBY', key, 'v:' .. ARGV[i], 1)
        end
        stamp(key, ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], KEYS[2])
        return { 1, oldOwner }
        """;

    /// <summary>
    /// Renewal, step 1, on the old session's slot. KEYS[1] session, KEYS[2] its tombstone, KEYS[3] (optional) its
    /// expiry ledger; ARGV[1] the tombstone's life (ms). Moves the session to the tombstone, so from here on the old ID
    /// loads nothing, deletes the old ID's ledger (a renamed key never expires under its old name, so nothing would take
    /// it), and returns <c>{its remaining life in ms, its fields and values}</c>, or nil when there is no such session.
    /// </summary>
    public const string Bury = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        local ttl = redis.call('PTTL', KEYS[1])
        redis.call('RENAME', KEYS[1], KEYS[2])
        if KEYS[3] then redis.call('DEL', KEYS[3]) end
        redis.call('PEXPIRE', KEYS[2], ARGV[1])
        return { ttl, redis.call('HGETALL', KEYS[2]) }
        """;

    /// <summary>
    /// Renewal, step 2, on the new session's slot. KEYS[1] new session, KEYS[2] (optional) its expiry ledger; ARGV: created, lastSeen, ttl, owner,
    /// description, then the old session's field/value pairs (none when there was no old session: then only the
    /// stamp is written, as a single-node RENAME that found nothing would do).
    /// </summary>
    public const string Raise = StampLua + """
        local key = KEYS[1]
        if #ARGV > 5 then redis.call('DEL', key) end
        for i = 6, #ARGV, 2 do redis.call('HSET', key, ARGV[i], ARGV[i + 1]) end
        stamp(key, ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], KEYS[2])
        return 1
        """;

    /// <summary>
    /// Undoes step 1 of a renewal whose step 2 failed. KEYS[1] tombstone, KEYS[2] old session; ARGV[1] the life the
    /// session had left (ms, or negative for none). Returns 1 when restored.
    /// </summary>
    public const string Restore = """
        if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('RENAME', KEYS[1], KEYS[2])
        if tonumber(ARGV[1]) > 0 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) else redis.call('PERSIST', KEYS[2]) end
        return 1
        """;

    /// <summary>KEYS[1] session, KEYS[2] (optional) its expiry ledger. Deletes them and returns the owner (nil when none), whose set the caller then updates.</summary>
    public const string Delete = """
        local owner = redis.call('HGET', KEYS[1], 'm:o')
        redis.call('DEL', KEYS[1])
        if KEYS[2] then redis.call('DEL', KEYS[2]) end
        return owner
        """;

    /// <summary>KEYS[1] session, KEYS[2] (optional) its expiry ledger; ARGV: owner. Deletes the session only if that owner's; returns 1 when deleted.</summary>
    public const string Revoke = """
        if redis.call('HGET', KEYS[1], 'm:o') ~= ARGV[1] then return 0 end
        if KEYS[2] then redis.call('DEL', KEYS[2]) end
        return redis.call('DEL', KEYS[1])
        """;

    /// <summary>KEYS[1] session, KEYS[2] (optional) its expiry ledger; ARGV: lastSeen, ttl. Returns the owner ('' when none), or nil when there is no session.</summary>
    public const string Touch = LedgerLua + """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        redis.call('HSET', KEYS[1], 'm:l', ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        ledger(KEYS[1], KEYS[2], ARGV[2])
        return redis.call('HGET', KEYS[1], 'm:o') or ''
        """;

    /// <summary>
    /// KEYS[1] an owner's index (a sorted set of session keys scored by last seen, Unix ms), KEYS[2] the longest time to
    /// live it was given; ARGV: session key, last seen, ttl, margin. Adds the session (or raises its score, never lowers
    /// it) and drops members last seen longer ago than the longest time to live and the margin (for clocks that differ):
    /// those sessions have expired, so the index holds only sessions that may still live. Both keys live as long as the index's longest session, so a session kept
    /// alive by touches alone stays listed (and revocable).
    /// </summary>
    public const string IndexOwner = """
        local ttl = tonumber(ARGV[3])
        local longest = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), ttl)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('(%.0f', tonumber(ARGV[2]) - longest - tonumber(ARGV[4])))
        redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
        local life = math.max(redis.call('PTTL', KEYS[1]), ttl)
        redis.call('PEXPIRE', KEYS[1], life)
        redis.call('SET', KEYS[2], string.format('%.0f', longest), 'PX', life)
        return 1
        """;

    /// <summary>
    /// <see cref="ScSessionOptions.MaxSessionsPerOwner"/>, on the owner's slot. KEYS[1] the owner's index, KEYS[2] its
    /// longest time to live; ARGV: session key (a member), last seen, the limit, '1' to refuse or '0' to evict. The
    /// session's save indexed it; when it is no longer there, another admission chose it to make room: returns
    /// <c>{-1}</c> and counts nothing (the caller makes sure the session ends). Otherwise, when the index holds more
    /// than the limit: refuses (removes the session, returns <c>{0}</c>) or removes the least recently seen other
    /// members until the limit is met and returns <c>{1, removed members...}</c>, which the caller then revokes.
    /// Returns <c>{1}</c> when within the limit. One script per owner at a time: two sign-ins of one owner never both
    /// see room.
    /// </summary>
    public const string AdmitOwner = """
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return { -1 } end
        redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
        if redis.call('PTTL', KEYS[1]) == -1 then
          local longest = tonumber(redis.call('GET', KEYS[2]) or '0')
          if longest > 0 then redis.call('PEXPIRE', KEYS[1], longest) end
        end
        local max = tonumber(ARGV[3])
        local count = redis.call('ZCARD', KEYS[1])
        if count <= max then return { 1 } end
        if ARGV[4] == '1' then
          redis.call('ZREM', KEYS[1], ARGV[1])
          return { 0 }
        end
        local result = { 1 }
        for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, count - max)) do
          if member ~= ARGV[1] and #result <= count - max then result[#result + 1] = member end
        end
        for i = 2, #result do redis.call('ZREM', KEYS[1], result[i]) end
        return result
        """;

    /// <summary>
    /// KEYS[1] an expired session's key, KEYS[2] its expiry ledger. Takes the ledger — reads and deletes it, so of all
    /// the application instances told of the expiry, one reports it — unless the session exists again. Returns
    /// <c>{created, last seen, owner or false}</c>, or nil when there is nothing to report.
    /// </summary>
    public const string TakeLedger = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return false end
        local m = redis.call('HMGET', KEYS[2], 'c', 'l', 'o')
        redis.call('DEL', KEYS[2])
        if not m[1] then return false end
        return m
        """;

    /// <summary>
    /// KEYS[1] lease; ARGV: token, release channel. Deletes the lease only while that token holds it (a holder whose
    /// lease ended and was taken by another request must not release the other's), and tells the waiters.
    /// </summary>
    public const string ReleaseLease = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('PUBLISH', ARGV[2], KEYS[1])
        return 1
        """;

    /// <summary>KEYS[1] lease; ARGV: token, milliseconds. Takes a free lease, or extends it for the token that holds it.</summary>
    public const string TakeLease = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
        return 0
        """;
}
