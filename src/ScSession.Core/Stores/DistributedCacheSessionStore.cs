using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace ScSession;

/// <summary>
/// A session store on any registered <see cref="IDistributedCache"/> (SQL Server, NCache, Memcached, Redis providers…).
/// </summary>
/// <remarks>
/// <para>A distributed cache only gets and sets whole values, so this store reads the session, merges the changed
/// sections and writes it back. Within one process those steps are serialized per session, so concurrent requests
/// changing different models both persist; across several servers the last write wins. Renewal is a copy then a
/// delete, not one atomic step, and the owner index is kept the same read-modify-write way. When you need the
/// guarantees across servers, use the Redis or PostgreSQL store.</para>
/// </remarks>
public sealed class DistributedCacheSessionStore : ISessionStore
{
    private const byte FormatVersion = 1;
    private readonly IDistributedCache _cache;
    private readonly string _sessionPrefix;
    private readonly string _ownerPrefix;
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Creates a store.</summary>
    public DistributedCacheSessionStore(IDistributedCache cache, DistributedCacheSessionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(options);
        _cache = cache;
        _sessionPrefix = options.KeyPrefix + "s:";
        _ownerPrefix = options.KeyPrefix + "o:";
    }

    /// <inheritdoc />
    public async ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken)
        => Decode(await _cache.GetAsync(_sessionPrefix + key, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        string? previousOwner;
        using (await LockAsync(key, cancellationToken).ConfigureAwait(false))
        {
            var existing = await LoadAsync(key, cancellationToken).ConfigureAwait(false);
            if (existing is null && !write.IsNew)
            {
                return; // destroyed or renewed away meanwhile: do not bring it back
            }

            previousOwner = existing?.OwnerId;
            await SetAsync(key, Merge(existing?.Sections, write.ChangedSections), write.CreatedAt, write.LastSeenAt, write.OwnerId, write.TimeToLive, cancellationToken).ConfigureAwait(false);
        }

        await IndexOwnerAsync(key, write.OwnerId, previousOwner, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        StoredSession? old;
        using (await LockAsync(oldKey, cancellationToken).ConfigureAwait(false))
        {
            old = await LoadAsync(oldKey, cancellationToken).ConfigureAwait(false);
            await _cache.RemoveAsync(_sessionPrefix + oldKey, cancellationToken).ConfigureAwait(false);
        }

        using (await LockAsync(newKey, cancellationToken).ConfigureAwait(false))
        {
            await SetAsync(newKey, Merge(old?.Sections, write.ChangedSections), write.CreatedAt, write.LastSeenAt, write.OwnerId, write.TimeToLive, cancellationToken).ConfigureAwait(false);
        }

        await IndexOwnerAsync(newKey, write.OwnerId, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using (await LockAsync(key, cancellationToken).ConfigureAwait(false))
        {
            await _cache.RemoveAsync(_sessionPrefix + key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        using (await LockAsync(key, cancellationToken).ConfigureAwait(false))
        {
            if (await LoadAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                await SetAsync(key, existing.Sections, existing.CreatedAt, lastSeenAt, existing.OwnerId, timeToLive, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> GetOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken)
    {
        var live = new List<string>();
        foreach (var key in await ReadOwnerIndexAsync(ownerId, cancellationToken).ConfigureAwait(false))
        {
            if (await LoadAsync(key, cancellationToken).ConfigureAwait(false) is { } session && session.OwnerId == ownerId)
            {
                live.Add(key);
            }
        }

        return live;
    }

    /// <inheritdoc />
    public async ValueTask<int> RevokeOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken)
    {
        var keys = await GetOwnerSessionsAsync(ownerId, cancellationToken).ConfigureAwait(false);
        foreach (var key in keys)
        {
            await DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }

        await _cache.RemoveAsync(_ownerPrefix + ownerId, cancellationToken).ConfigureAwait(false);
        return keys.Count;
    }

    private async Task IndexOwnerAsync(string key, string? owner, string? previousOwner, CancellationToken cancellationToken)
    {
        if (owner is null || owner == previousOwner)
        {
            return;
        }

        using (await LockAsync(_ownerPrefix + owner, cancellationToken).ConfigureAwait(false))
        {
            var keys = await ReadOwnerIndexAsync(owner, cancellationToken).ConfigureAwait(false);
            var live = new List<string>(keys.Count + 1) { key };
            foreach (var indexed in keys)
            {
                if (indexed != key && await _cache.GetAsync(_sessionPrefix + indexed, cancellationToken).ConfigureAwait(false) is not null)
                {
                    live.Add(indexed); // keeps the index from growing with expired sessions
                }
            }

            await _cache.SetAsync(
                _ownerPrefix + owner,
                Encoding.UTF8.GetBytes(string.Join('\n', live)),
                new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromDays(30) },
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<string>> ReadOwnerIndexAsync(string owner, CancellationToken cancellationToken)
        => await _cache.GetAsync(_ownerPrefix + owner, cancellationToken).ConfigureAwait(false) is { Length: > 0 } bytes
            ? Encoding.UTF8.GetString(bytes).Split('\n')
            : [];

    private static Dictionary<string, ReadOnlyMemory<byte>> Merge(IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? existing, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> changed)
    {
        var sections = existing is null ? new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal) : new Dictionary<string, ReadOnlyMemory<byte>>(existing, StringComparer.Ordinal);
        foreach (var (name, data) in changed)
        {
            sections[name] = data;
        }

        return sections;
    }

    private Task SetAsync(string key, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, DateTimeOffset created, DateTimeOffset lastSeen, string? owner, TimeSpan ttl, CancellationToken cancellationToken)
        => _cache.SetAsync(
            _sessionPrefix + key,
            Encode(sections, created, lastSeen, owner),
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl > TimeSpan.Zero ? ttl : TimeSpan.FromMilliseconds(1) },
            cancellationToken);

    private async Task<IDisposable> LockAsync(string key, CancellationToken cancellationToken)
    {
        var gate = _locks[(StringComparer.Ordinal.GetHashCode(key) & int.MaxValue) % _locks.Length];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    // Layout: version | created (int64 ms) | last seen (int64 ms) | owner (int32 length, -1 for none, UTF-8)
    //         | repeated: name (uint16 length, UTF-8) | data (int32 length, bytes)
    private static byte[] Encode(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, DateTimeOffset created, DateTimeOffset lastSeen, string? owner)
    {
        var ownerBytes = owner is null ? null : Encoding.UTF8.GetBytes(owner);
        var length = 1 + 8 + 8 + 4 + (ownerBytes?.Length ?? 0);
        foreach (var (name, data) in sections)
        {
            length += 2 + Encoding.UTF8.GetByteCount(name) + 4 + data.Length;
        }

        var buffer = new byte[length];
        var span = buffer.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], created.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(span[9..], lastSeen.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32LittleEndian(span[17..], ownerBytes?.Length ?? -1);
        var offset = 21;
        if (ownerBytes is not null)
        {
            ownerBytes.CopyTo(span[offset..]);
            offset += ownerBytes.Length;
        }

        foreach (var (name, data) in sections)
        {
            var nameLength = Encoding.UTF8.GetBytes(name, span[(offset + 2)..]);
            BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], checked((ushort)nameLength));
            offset += 2 + nameLength;
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], data.Length);
            data.Span.CopyTo(span[(offset + 4)..]);
            offset += 4 + data.Length;
        }

        return buffer;
    }

    private static StoredSession? Decode(byte[]? value)
    {
        if (value is null || value.Length < 21 || value[0] != FormatVersion)
        {
            return null;
        }

        var span = value.AsSpan();
        var created = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[1..]));
        var lastSeen = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[9..]));
        var ownerLength = BinaryPrimitives.ReadInt32LittleEndian(span[17..]);
        var offset = 21;
        string? owner = null;
        if (ownerLength >= 0)
        {
            owner = Encoding.UTF8.GetString(span.Slice(offset, ownerLength));
            offset += ownerLength;
        }

        var sections = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        while (offset < span.Length)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
            var name = Encoding.UTF8.GetString(span.Slice(offset + 2, nameLength));
            offset += 2 + nameLength;
            var dataLength = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
            sections[name] = value.AsMemory(offset + 4, dataLength);
            offset += 4 + dataLength;
        }

        return new StoredSession(created, lastSeen, sections, owner);
    }
}
