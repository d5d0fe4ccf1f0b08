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
/// <para>The owner index is one cache entry per owner, newest session first. A listing reads the sessions in that order,
/// <c>limit</c> at a time and all of a batch at once, until it has <c>limit</c> live ones, and drops the dead ones it met
/// from the index; so when an owner has more than <c>limit</c> sessions it lists the most recently indexed (signed in
/// or renewed), ordered by last seen.</para>
/// <para>No expiry events: an <see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/> removes expired entries without telling anyone, so this store does not implement <see cref="ISessionExpirySource"/>, and setting <see cref="ScSessionEvents.OnExpired"/> with it fails at start-up.</para>
/// </remarks>
public sealed class DistributedCacheSessionStore : ISessionStore, ISessionOwnerIndex
{
    // Format 2 adds the description; a session without one is still written in format 1, which every version reads.
    private const byte FormatVersion = 1;
    private const byte FormatVersionWithDescription = 2;
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
        => Decode(await _cache.GetAsync(_sessionPrefix + key, cancellationToken).ConfigureAwait(false))?.Session;

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
                // Destroyed or renewed away meanwhile: do not bring it back, nor lose a change in silence.
                if (write.ChangedSections.Count > 0)
                {
                    throw SessionEndedException.For(write);
                }

                return;
            }

            previousOwner = existing?.OwnerId;
            await SetAsync(key, Merge(existing?.Sections, write.ChangedSections), write, cancellationToken).ConfigureAwait(false);
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
            old = await LoadAsync(oldKey, cancellationToken).ConfigureAwait(false)
                ?? throw SessionEndedException.For(write); // destroyed, revoked or expired meanwhile: not brought back
            await _cache.RemoveAsync(_sessionPrefix + oldKey, cancellationToken).ConfigureAwait(false);
        }

        using (await LockAsync(newKey, cancellationToken).ConfigureAwait(false))
        {
            await SetAsync(newKey, Merge(old.Sections, write.ChangedSections), write, cancellationToken).ConfigureAwait(false);
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
            if (Decode(await _cache.GetAsync(_sessionPrefix + key, cancellationToken).ConfigureAwait(false)) is ({ } existing, var description))
            {
                var touch = new SessionWrite(false, existing.CreatedAt, lastSeenAt, timeToLive, existing.Sections, existing.OwnerId, description);
                await SetAsync(key, existing.Sections, touch, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OwnedSession>> GetOwnerSessionsAsync(string ownerId, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var live = new List<OwnedSession>();
        var dead = new List<string>();
        foreach (var batch in (await ReadOwnerIndexAsync(ownerId, cancellationToken).ConfigureAwait(false)).Chunk(limit))
        {
            var sessions = await Task.WhenAll(batch.Select(key => _cache.GetAsync(_sessionPrefix + key, cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                if (Decode(sessions[i]) is ({ } session, var description) && session.OwnerId == ownerId)
                {
                    live.Add(new OwnedSession(batch[i], session.CreatedAt, session.LastSeenAt, description));
                }
                else
                {
                    dead.Add(batch[i]); // expired, deleted, revoked or re-owned
                }
            }

            if (live.Count >= limit)
            {
                break;
            }
        }

        if (dead.Count > 0)
        {
            await UnindexAsync(ownerId, dead, cancellationToken).ConfigureAwait(false);
        }

        return [.. live.OrderByDescending(s => s.LastSeenAt).Take(limit)];
    }

    /// <inheritdoc />
    public async ValueTask<bool> RevokeSessionAsync(string ownerId, string publicId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(publicId);
        using (await LockAsync(publicId, cancellationToken).ConfigureAwait(false))
        {
            if ((await LoadAsync(publicId, cancellationToken).ConfigureAwait(false))?.OwnerId != ownerId)
            {
                return false;
            }

            // The index entry goes at the next listing, which drops what no longer loads.
            await _cache.RemoveAsync(_sessionPrefix + publicId, cancellationToken).ConfigureAwait(false);
            return true;
        }
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

            await WriteOwnerIndexAsync(owner, live, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes <paramref name="keys"/> out of the owner's index (sessions a listing found gone).</summary>
    private async Task UnindexAsync(string owner, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        using (await LockAsync(_ownerPrefix + owner, cancellationToken).ConfigureAwait(false))
        {
            var indexed = await ReadOwnerIndexAsync(owner, cancellationToken).ConfigureAwait(false);
            await WriteOwnerIndexAsync(owner, [.. indexed.Except(keys, StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteOwnerIndexAsync(string owner, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            await _cache.RemoveAsync(_ownerPrefix + owner, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _cache.SetAsync(
            _ownerPrefix + owner,
            Encoding.UTF8.GetBytes(string.Join('\n', keys)),
            new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromDays(30) },
            cancellationToken).ConfigureAwait(false);
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

    /// <summary>Writes the whole session: <paramref name="sections"/>, with the timestamps, owner and time to live of <paramref name="write"/>.</summary>
    private Task SetAsync(string key, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, SessionWrite write, CancellationToken cancellationToken)
        => _cache.SetAsync(
            _sessionPrefix + key,
            Encode(sections, write),
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = write.TimeToLive > TimeSpan.Zero ? write.TimeToLive : TimeSpan.FromMilliseconds(1) },
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
    //         | format 2 only: description (int32 length, UTF-8)
    //         | repeated: name (uint16 length, UTF-8) | data (int32 length, bytes)
    private static byte[] Encode(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, SessionWrite write)
    {
        var ownerBytes = write.OwnerId is null ? null : Encoding.UTF8.GetBytes(write.OwnerId);
        var descriptionBytes = write.Description is null ? null : Encoding.UTF8.GetBytes(write.Description);
        var length = 1 + 8 + 8 + 4 + (ownerBytes?.Length ?? 0) + (descriptionBytes is null ? 0 : 4 + descriptionBytes.Length);
        foreach (var (name, data) in sections)
        {
            length += 2 + Encoding.UTF8.GetByteCount(name) + 4 + data.Length;
        }

        var buffer = new byte[length];
        var span = buffer.AsSpan();
        span[0] = descriptionBytes is null ? FormatVersion : FormatVersionWithDescription;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], write.CreatedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(span[9..], write.LastSeenAt.ToUnixTimeMilliseconds());
        var offset = 17 + WriteText(span[17..], ownerBytes);
        if (descriptionBytes is not null)
        {
            offset += WriteText(span[offset..], descriptionBytes);
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

    private static (StoredSession Session, string? Description)? Decode(byte[]? value)
    {
        if (value is null || value.Length < 21 || value[0] is not (FormatVersion or FormatVersionWithDescription))
        {
            return null;
        }

        var span = value.AsSpan();
        var created = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[1..]));
        var lastSeen = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[9..]));
        var offset = 17;
        var owner = ReadText(span, ref offset);
        var description = value[0] == FormatVersionWithDescription ? ReadText(span, ref offset) : null;
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

        return (new StoredSession(created, lastSeen, sections, owner), description);
    }

    /// <summary>Writes an int32 length (-1 for none) and the UTF-8 bytes; returns the bytes written.</summary>
    private static int WriteText(Span<byte> span, byte[]? utf8)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span, utf8?.Length ?? -1);
        utf8?.CopyTo(span[4..]);
        return 4 + (utf8?.Length ?? 0);
    }

    private static string? ReadText(ReadOnlySpan<byte> span, ref int offset)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
        offset += 4;
        if (length < 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(span.Slice(offset, length));
        offset += length;
        return text;
    }
}
