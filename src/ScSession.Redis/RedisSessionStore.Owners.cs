using ScSession.Internal;
using StackExchange.Redis;

namespace ScSession;

// The owner index: one sorted set per owner, in its own cluster slot, kept by separate commands next to the session scripts
// (see the class remarks for its consistency).
public sealed partial class RedisSessionStore
{
    /// <summary>
    /// How many sessions a listing or a revocation of all of an owner's sessions reads or ends in one pipelined batch:
    /// an owner with 10,000 sessions costs a revoke-all 100 batches, never 10,000 concurrent commands.
    /// </summary>
    public const int OwnerBatchSize = 100;

    private static readonly RedisValue[] s_listedFields = ["m:o", "m:c", "m:l", "m:d"];

    /// <inheritdoc />
    /// <remarks>
    /// Reads the owner's index from its most recently seen end, a batch of at most <see cref="OwnerBatchSize"/> at a
    /// time, and each listed session's owner and times in the same pipelined batch; members whose session is gone or
    /// belongs to another owner are removed from the index and the next batch is read, until <paramref name="limit"/>
    /// live sessions are found. The work is bounded by <paramref name="limit"/> and the dead members met, not by how
    /// many sessions the owner has.
    /// </remarks>
    public async ValueTask<IReadOnlyList<OwnedSession>> GetOwnerSessionsAsync(string ownerId, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var ownerKey = OwnerKey(ownerId);
        var live = new List<OwnedSession>(Math.Min(limit, OwnerBatchSize));
        var seen = new HashSet<RedisValue>();
        long start = 0;
        while (live.Count < limit)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await Db.SortedSetRangeByRankAsync(ownerKey, start, start + Math.Min(limit - live.Count, OwnerBatchSize) - 1, Order.Descending).ConfigureAwait(false);
            if (batch.Length == 0)
            {
                break;
            }

            var rows = await Task.WhenAll(batch.Select(member => Db.HashGetAsync((string)member!, s_listedFields))).ConfigureAwait(false);
            var dead = new List<RedisValue>();
            for (var i = 0; i < batch.Length; i++)
            {
                var row = rows[i];
                if (row[0] != ownerId)
                {
                    dead.Add(batch[i]); // expired, deleted, renewed away or re-owned
                    continue;
                }

                if (!seen.Add(batch[i]))
                {
                    continue; // seen again: a touch meanwhile moved it up the index
                }

                live.Add(new OwnedSession(
                    ((string)batch[i]!)[_sessionPrefix.Length..],
                    DateTimeOffset.FromUnixTimeMilliseconds((long)row[1]),
                    DateTimeOffset.FromUnixTimeMilliseconds((long)row[2]),
                    row[3].IsNull ? null : (string?)row[3]));
            }

            if (dead.Count > 0)
            {
                await Db.SortedSetRemoveAsync(ownerKey, [.. dead]).ConfigureAwait(false);
            }

            start += batch.Length - dead.Count; // the dead are gone: the next batch starts after the live ones read
        }

        // The index orders by the last seen it was given; a session's own field may be a little newer.
        return [.. live.OrderByDescending(s => s.LastSeenAt)];
    }

    /// <inheritdoc />
    public async ValueTask<bool> RevokeSessionAsync(string ownerId, string publicId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(publicId);
        var sessionKey = SessionKey(publicId);
        if ((long)await Db.ScriptEvaluateAsync(RedisSessionScripts.Revoke, [sessionKey], [ownerId]).ConfigureAwait(false) != 1)
        {
            return false;
        }

        await _replicas.AfterWriteAsync(sessionKey).ConfigureAwait(false);
        await Db.SortedSetRemoveAsync(OwnerKey(ownerId), (string)sessionKey!).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Works through the owner's index <see cref="OwnerBatchSize"/> sessions at a time (one pipelined batch of scripts,
    /// each ending a session only while it is that owner's), removing each batch from the index once ended. A session
    /// the owner starts meanwhile may be ended too, or survive.
    /// </remarks>
    public async ValueTask<int> RevokeOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        var ownerKey = OwnerKey(ownerId);
        var revoked = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await Db.SortedSetRangeByRankAsync(ownerKey, 0, OwnerBatchSize - 1).ConfigureAwait(false);
            if (batch.Length == 0)
            {
                return revoked;
            }

            var ended = await Task.WhenAll(batch.Select(member => Db.ScriptEvaluateAsync(RedisSessionScripts.Revoke, [(string)member!], [ownerId]))).ConfigureAwait(false);
            revoked += ended.Count(result => (long)result == 1);
            await _replicas.AfterWritesAsync(batch.Select(member => (RedisKey)(string)member!)).ConfigureAwait(false);

            // Revoked, gone or another owner's: none belongs in the index any more. Removed only after the scripts ran,
            // so a failed batch leaves its sessions listed for the next attempt.
            await Db.SortedSetRemoveAsync(ownerKey, batch).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The owner's index. The owner ID is the key's hash tag (braces and percent escaped), so the index and its
    /// <see cref="OwnerTtlKey"/> share a cluster slot.
    /// </summary>
    private RedisKey OwnerKey(string ownerId) => $"{_ownerPrefix}{{{EscapeHashTag(ownerId)}}}";

    private RedisKey OwnerTtlKey(string ownerId) => $"{_ownerPrefix}{{{EscapeHashTag(ownerId)}}}:ttl";

    private static string EscapeHashTag(string value)
        => value.AsSpan().IndexOfAny('{', '}', '%') < 0 ? value : value.Replace("%", "%25").Replace("{", "%7B").Replace("}", "%7D");

    /// <summary>Adds the session to its owner's index and keeps the index alive as long as the session (no owner: nothing).</summary>
    private Task IndexOwnerAsync(string? ownerId, RedisKey sessionKey, DateTimeOffset lastSeenAt, TimeSpan timeToLive)
        => string.IsNullOrEmpty(ownerId)
            ? Task.CompletedTask
            : Db.ScriptEvaluateAsync(
                RedisSessionScripts.IndexOwner,
                [OwnerKey(ownerId), OwnerTtlKey(ownerId)],
                [(string)sessionKey!, lastSeenAt.ToUnixTimeMilliseconds(), Milliseconds(timeToLive)]);

    /// <summary>Removes the session from its previous owner's index when the owner changed (or the session ended).</summary>
    private async Task UnindexOwnerAsync(string? previousOwner, string? currentOwner, RedisKey sessionKey)
    {
        if (!string.IsNullOrEmpty(previousOwner) && previousOwner != currentOwner)
        {
            await Db.SortedSetRemoveAsync(OwnerKey(previousOwner), (string)sessionKey!).ConfigureAwait(false);
        }
    }
}
