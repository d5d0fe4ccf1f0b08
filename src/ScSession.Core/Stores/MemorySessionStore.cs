using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using ScSession.Internal;

namespace ScSession;

/// <summary>
/// A session store in this process's memory: bounded and expiring, for development, tests and single-server apps
/// that accept losing sessions on restart. Sections are merged one by one, like the server stores.
/// </summary>
/// <remarks>
/// <para>Eviction is a segmented LRU. A new session waits in a probation queue; the first later load, touch or save
/// moves it to the established queue, where every use moves it to the back. At
/// <see cref="MemorySessionStoreOptions.MaxSessions"/> a new session evicts the front of the probation queue, and the
/// front of the established queue only when probation is empty. Each insert does constant work (amortized): no scan
/// of all sessions.</para>
/// <para>Expired sessions never load. They are removed when an operation meets them (a load, a touch, a save, an
/// owner lookup, or the front of a queue at eviction), so until then they count towards <see cref="Count"/>.</para>
/// <para><see cref="ScSessionOptions.MaxSessionsPerOwner"/> is enforced under the store's lock, so admissions of one
/// owner's sessions happen one at a time and each sees every session saved before it.</para>
/// <para>Expiry events (<see cref="ISessionExpirySource"/>): an expired session is reported when it is removed — met by an
/// operation, pushed out at eviction, or found by the scan that runs every
/// <see cref="MemorySessionStoreOptions.ExpiryScanInterval"/> once the application handles
/// <see cref="ScSessionEvents.OnExpired"/> — exactly once, since it is removed under the store's lock. A session evicted
/// while still live (the store was full) did not expire and is not reported.</para>
/// <para>Leases of exclusive models are an in-process table (<see cref="ISessionLeaseStore"/>): a waiting request is
/// woken by the release.</para>
/// </remarks>
public sealed partial class MemorySessionStore : ISessionStore, ISessionOwnerIndex, ISessionLeaseStore, ISessionOwnerLimitStore, ISessionExpirySource
{
    /// <summary>True: every section carries a version, and checked writes are atomic (under the store's lock).</summary>
    public bool SupportsOptimisticConcurrency => true;

    // One lock over the map, both queues and the owner index: they change together, and every critical section is a
    // few pointer moves and dictionary operations (byte copies are made before entering it, never an await inside).
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _probation = new();
    private readonly LinkedList<Entry> _established = new();
    private readonly Dictionary<string, HashSet<string>> _owners = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly MemoryLeaseTable _leases;
    private readonly int _maxSessions;
    private readonly TimeSpan _expiryScanInterval;
    private Action<ExpiredSession>? _reportExpired;
    private long _examinedForEviction;

    /// <summary>Creates a store.</summary>
    public MemorySessionStore(TimeProvider time, MemorySessionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSessions, 1);
        _time = time;
        _leases = new MemoryLeaseTable(time);
        _maxSessions = options.MaxSessions;
        _expiryScanInterval = options.ExpiryScanInterval;
    }

    /// <summary>The number of sessions held, expired ones included until an operation meets them.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>How many entries eviction has looked at since the store was created (tests: proof of no full scan).</summary>
    internal long ExaminedForEviction
    {
        get
        {
            lock (_lock)
            {
                return _examinedForEviction;
            }
        }
    }

    /// <summary>How many leases the store holds (tests: proof that requests release theirs).</summary>
    internal int LeaseCount => _leases.Count;

    /// <summary>The number of (owner, key) pairs in the owner index (tests: proof that it is pruned).</summary>
    internal int IndexedOwnerKeys
    {
        get
        {
            lock (_lock)
            {
                return _owners.Values.Sum(keys => keys.Count);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!TryGetLive(key, now, out var entry))
            {
                return ValueTask.FromResult<StoredSession?>(null);
            }

            MarkUsed(entry);

            // Sections is replaced, never mutated, on save: the caller can keep it (and slices of its arrays) for the
            // whole request without a copy.
            return ValueTask.FromResult<StoredSession?>(new StoredSession(entry.CreatedAt, entry.LastSeenAt, entry.Sections, entry.OwnerId, entry.Versions));
        }
    }

    /// <inheritdoc />
    public ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var now = _time.GetUtcNow();
        var changed = CopySections(write);
        lock (_lock)
        {
            if (TryGetLive(key, now, out var existing))
            {
                SectionVersions.ThrowIfStale(write.ExpectedVersions, existing.Versions);
                Apply(existing, write, changed, now);
                MarkUsed(existing);
            }
            else if (write.IsNew)
            {
                SectionVersions.ThrowIfStale(write.ExpectedVersions, SectionVersions.None);
                Add(new Entry(key), write, changed, now, _probation);
            }
            else if (write.ChangedSections.Count > 0)
            {
                throw SessionEndedException.For(write); // renewed, destroyed or expired meanwhile: not brought back
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!TryGetLive(oldKey, now, out var old))
            {
                throw SessionEndedException.For(write); // destroyed, revoked or expired meanwhile: not brought back
            }

            var renewed = new Entry(newKey) { Sections = old!.Sections, Versions = old.Versions };
            Remove(old);

            if (_sessions.TryGetValue(newKey, out var clash))
            {
                Remove(clash); // a 256-bit random ID does not collide; if it did, the renewal wins
            }

            // Renewal happens on a later request (sign-in, privilege change): the session is in use. It writes no
            // sections (the request's changes follow in its save).
            Add(renewed, write, [], now, _established);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_sessions.TryGetValue(key, out var entry))
            {
                Remove(entry);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (TryGetLive(key, now, out var entry))
            {
                entry.LastSeenAt = lastSeenAt;
                entry.ExpiresAt = now + timeToLive;
                MarkUsed(entry);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAcquireLeaseAsync(string key, string section, string token, TimeSpan duration, CancellationToken cancellationToken)
        => ValueTask.FromResult(_leases.TryAcquire(key, section, token, duration));

    /// <inheritdoc />
    public ValueTask ReleaseLeaseAsync(string key, string section, string token, CancellationToken cancellationToken)
    {
        _leases.Release(key, section, token);
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until the lease is released (woken by the release), or <paramref name="delay"/> passes.</summary>
    public ValueTask WaitForLeaseReleaseAsync(string key, string section, TimeSpan delay, CancellationToken cancellationToken)
        => _leases.WaitAsync(key, section, delay, cancellationToken);

    // Copied before taking the lock: the caller may reuse its buffers once the call returns.
    private static KeyValuePair<string, ReadOnlyMemory<byte>>[] CopySections(SessionWrite write)
    {
        if (write.ChangedSections.Count == 0)
        {
            return [];
        }

        var copies = new KeyValuePair<string, ReadOnlyMemory<byte>>[write.ChangedSections.Count];
        var i = 0;
        foreach (var (name, data) in write.ChangedSections)
        {
            copies[i++] = new(name, data.ToArray());
        }

        return copies;
    }

    // Callers hold _lock for everything below.

    /// <summary>Finds a live session; an expired one met here is removed and reported missing.</summary>
    private bool TryGetLive(string key, DateTimeOffset now, [NotNullWhen(true)] out Entry? entry)
    {
        if (!_sessions.TryGetValue(key, out entry))
        {
            return false;
        }

        if (entry.ExpiresAt <= now)
        {
            Expire(entry);
            entry = null;
            return false;
        }

        return true;
    }

    private void Add(Entry entry, SessionWrite write, KeyValuePair<string, ReadOnlyMemory<byte>>[] changed, DateTimeOffset now, LinkedList<Entry> queue)
    {
        MakeRoom(now);
        _sessions.Add(entry.Key, entry);
        queue.AddLast(entry.Node);
        Apply(entry, write, changed, now);
    }

    private void Apply(Entry entry, SessionWrite write, KeyValuePair<string, ReadOnlyMemory<byte>>[] changed, DateTimeOffset now)
    {
        if (!string.Equals(entry.OwnerId, write.OwnerId, StringComparison.Ordinal))
        {
            Unindex(entry);
            entry.OwnerId = write.OwnerId;
            if (write.OwnerId is { } owner)
            {
                if (!_owners.TryGetValue(owner, out var keys))
                {
                    _owners[owner] = keys = new HashSet<string>(StringComparer.Ordinal);
                }

                keys.Add(entry.Key);
            }
        }

        entry.Description = write.Description;
        entry.CreatedAt = write.CreatedAt;
        entry.LastSeenAt = write.LastSeenAt;
        entry.ExpiresAt = now + write.TimeToLive;
        if (changed.Length > 0)
        {
            // Copy on write, so loads can hand out the dictionary itself (see LoadAsync).
            var sections = new Dictionary<string, ReadOnlyMemory<byte>>(entry.Sections, StringComparer.Ordinal);
            foreach (var (name, data) in changed)
            {
                sections[name] = data;
            }

            entry.Sections = new ReadOnlyDictionary<string, ReadOnlyMemory<byte>>(sections);
            entry.Versions = SectionVersions.After(entry.Versions, changed.Select(c => c.Key));
        }
    }

    /// <summary>A later operation used the session: it is established, and the most recently used.</summary>
    private void MarkUsed(Entry entry)
    {
        if (entry.Node != _established.Last)
        {
            entry.Node.List!.Remove(entry.Node);
            _established.AddLast(entry.Node);
        }
    }

    /// <summary>
    /// Evicts until one more session fits: expired entries at either front first, then probation's front, then
    /// established's front. Every look removes an entry, so the work per insert is constant amortized.
    /// </summary>
    private void MakeRoom(DateTimeOffset now)
    {
        while (_sessions.Count >= _maxSessions)
        {
            var probation = _probation.First?.Value;
            var established = _established.First?.Value;
            _examinedForEviction += (probation is null ? 0 : 1) + (established is null ? 0 : 1);
            if (probation is not null && probation.ExpiresAt <= now)
            {
                Expire(probation);
            }
            else if (established is not null && established.ExpiresAt <= now)
            {
                Expire(established);
            }
            else
            {
                Remove(probation ?? established!);
            }
        }
    }

    /// <summary>Removes an entry whose time is up, and reports it (when reporting is on): once, since it is gone after.</summary>
    private void Expire(Entry entry)
    {
        Remove(entry);
        _reportExpired?.Invoke(new ExpiredSession(entry.Key, entry.OwnerId, entry.CreatedAt, entry.LastSeenAt));
    }

    private void Remove(Entry entry)
    {
        _sessions.Remove(entry.Key);
        entry.Node.List?.Remove(entry.Node);
        Unindex(entry);
    }

    private void Unindex(Entry entry)
    {
        if (entry.OwnerId is { } owner && _owners.TryGetValue(owner, out var keys) && keys.Remove(entry.Key) && keys.Count == 0)
        {
            _owners.Remove(owner);
        }
    }

    private sealed class Entry
    {
        public Entry(string key)
        {
            Key = key;
            Node = new LinkedListNode<Entry>(this);
        }

        public string Key { get; }

        /// <summary>This entry's place in the probation or the established queue (reused when it moves).</summary>
        public LinkedListNode<Entry> Node { get; }

        /// <summary>Replaced on every save, never mutated once stored; read-only so no caller can change it either.</summary>
        public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Sections { get; set; } = ReadOnlyDictionary<string, ReadOnlyMemory<byte>>.Empty;

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset LastSeenAt { get; set; }

        public DateTimeOffset ExpiresAt { get; set; }

        public string? OwnerId { get; set; }

        public string? Description { get; set; }

        /// <summary>Each section's write count (replaced, never mutated, like <see cref="Sections"/>).</summary>
        public IReadOnlyDictionary<string, long> Versions { get; set; } = SectionVersions.None;
    }
}
