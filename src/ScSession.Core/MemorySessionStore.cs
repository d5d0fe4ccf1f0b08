using System.Collections.Concurrent;

namespace ScSession;

/// <summary>Options of the in-memory store (<c>AddMemoryStore()</c>).</summary>
public sealed class MemorySessionStoreOptions
{
    /// <summary>The most sessions kept; when full, expired sessions go first, then those closest to expiry. Default: 10,000.</summary>
    public int MaxSessions { get; set; } = 10_000;
}

/// <summary>
/// A session store in this process's memory: bounded and expiring, for development, tests and single-server apps
/// that accept losing sessions on restart. Sections are merged one by one, like the server stores.
/// </summary>
public sealed class MemorySessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _owners = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _maxSessions;

    /// <summary>Creates a store.</summary>
    public MemorySessionStore(TimeProvider time, MemorySessionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSessions, 1);
        _time = time;
        _maxSessions = options.MaxSessions;
    }

    /// <summary>The number of sessions held, expired ones included until they are swept.</summary>
    public int Count => _sessions.Count;

    /// <inheritdoc />
    public ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(key, out var entry))
        {
            return ValueTask.FromResult<StoredSession?>(null);
        }

        lock (entry)
        {
            if (entry.ExpiresAt <= _time.GetUtcNow())
            {
                _sessions.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                return ValueTask.FromResult<StoredSession?>(null);
            }

            // Copies: the caller keeps slices of these arrays for the whole request.
            var sections = new Dictionary<string, ReadOnlyMemory<byte>>(entry.Sections.Count, StringComparer.Ordinal);
            foreach (var (name, data) in entry.Sections)
            {
                sections[name] = data;
            }

            return ValueTask.FromResult<StoredSession?>(new StoredSession(entry.CreatedAt, entry.LastSeenAt, sections, entry.OwnerId));
        }
    }

    /// <inheritdoc />
    public ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var now = _time.GetUtcNow();
        if (write.IsNew)
        {
            MakeRoom(now);
            var entry = _sessions.GetOrAdd(key, static _ => new Entry());
            Apply(key, entry, write, now);
        }
        else if (_sessions.TryGetValue(key, out var existing))
        {
            lock (existing)
            {
                if (existing.ExpiresAt > now && !existing.Removed)
                {
                    Apply(key, existing, write, now);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var now = _time.GetUtcNow();
        var renewed = new Entry();
        if (_sessions.TryRemove(oldKey, out var old))
        {
            lock (old)
            {
                old.Removed = true;
                if (old.ExpiresAt > now)
                {
                    foreach (var (name, data) in old.Sections)
                    {
                        renewed.Sections[name] = data;
                    }
                }
            }
        }

        MakeRoom(now);
        Apply(newKey, renewed, write, now);
        _sessions[newKey] = renewed;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        if (_sessions.TryRemove(key, out var entry))
        {
            lock (entry)
            {
                entry.Removed = true;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_sessions.TryGetValue(key, out var entry))
        {
            lock (entry)
            {
                if (entry.ExpiresAt > now && !entry.Removed)
                {
                    entry.LastSeenAt = lastSeenAt;
                    entry.ExpiresAt = now + timeToLive;
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> GetOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var keys = new List<string>();
        if (_owners.TryGetValue(ownerId, out var indexed))
        {
            foreach (var key in indexed.Keys)
            {
                if (_sessions.TryGetValue(key, out var entry) && entry.OwnerId == ownerId && entry.ExpiresAt > now && !entry.Removed)
                {
                    keys.Add(key);
                }
                else
                {
                    indexed.TryRemove(key, out _); // stale: expired, deleted or owned by someone else now
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<string>>(keys);
    }

    /// <inheritdoc />
    public async ValueTask<int> RevokeOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken)
    {
        var keys = await GetOwnerSessionsAsync(ownerId, cancellationToken).ConfigureAwait(false);
        foreach (var key in keys)
        {
            await DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }

        _owners.TryRemove(ownerId, out _);
        return keys.Count;
    }

    private void Apply(string key, Entry entry, SessionWrite write, DateTimeOffset now)
    {
        if (write.OwnerId is { } owner)
        {
            _owners.GetOrAdd(owner, static _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[key] = 0;
        }

        lock (entry)
        {
            entry.OwnerId = write.OwnerId;
            entry.CreatedAt = write.CreatedAt;
            entry.LastSeenAt = write.LastSeenAt;
            entry.ExpiresAt = now + write.TimeToLive;
            foreach (var (name, data) in write.ChangedSections)
            {
                entry.Sections[name] = data.ToArray();
            }
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_sessions.Count < _maxSessions)
        {
            return;
        }

        foreach (var (key, entry) in _sessions)
        {
            if (entry.ExpiresAt <= now)
            {
                _sessions.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }

        while (_sessions.Count >= _maxSessions)
        {
            var oldest = _sessions.MinBy(s => s.Value.ExpiresAt);
            _sessions.TryRemove(oldest);
        }
    }

    private sealed class Entry
    {
        public Dictionary<string, byte[]> Sections { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset LastSeenAt { get; set; }

        public DateTimeOffset ExpiresAt { get; set; } = DateTimeOffset.MaxValue;

        public bool Removed { get; set; }

        public string? OwnerId { get; set; }
    }
}
