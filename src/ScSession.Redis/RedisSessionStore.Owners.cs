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

    /// <summary>
    /// A member indexed this recently whose session does not exist (yet) is left in the index: its first save or its
    /// renewal may be on the way (the index is updated before the session is written), and removing it would leave
    /// that session unlisted, and out of reach of a revocation, until its next request.
    /// </summary>
    private static readonly TimeSpan IndexGrace = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Indexing drops members last seen longer ago than the longest time to live plus this margin: app servers' clocks
    /// may run ahead of each other (up to <see cref="ScSessionOptions.MaxClockSkew"/>, 5 minutes by default), and a
    /// session still alive must never be dropped.
    /// </summary>
    private static readonly TimeSpan PruneMargin = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    /// <remarks>
    /// Reads the owner's index from its most recently seen end, a page of at most <see cref="OwnerBatchSize"/> at a
    /// time, and each listed session's owner and times in one pipelined batch; members whose session is gone or belongs
    /// to another owner are removed from the index and the next page is read, until <paramref name="limit"/> live
    /// sessions are found. The work is bounded by <paramref name="limit"/> and the dead members met, not by how many
    /// sessions the owner has.
    /// </remarks>
    public async ValueTask<IReadOnlyList<OwnedSession>> GetOwnerSessionsAsync(string ownerId, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var ownerKey = OwnerKey(ownerId);
        var pager = new RedisOwnerIndexPager(Db, ownerKey, Order.Descending);
        var live = new List<OwnedSession>(Math.Min(limit, OwnerBatchSize));
        while (live.Count < limit)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await pager.NextAsync(Math.Min(limit - live.Count, OwnerBatchSize)).ConfigureAwait(false);
            if (page.Length == 0)
            {
                break;
            }

            var rows = await Task.WhenAll(page.Select(entry => Db.HashGetAsync((string)entry.Element!, s_listedFields))).ConfigureAwait(false);
            var dead = new HashSet<RedisValue>();
            for (var i = 0; i < page.Length; i++)
            {
                var row = rows[i];
                if (row[0] == ownerId)
                {
                    live.Add(new OwnedSession(
                        ((string)page[i].Element!)[_sessionPrefix.Length..],
                        DateTimeOffset.FromUnixTimeMilliseconds((long)row[1]),
                        DateTimeOffset.FromUnixTimeMilliseconds((long)row[2]),
                        row[3].IsNull ? null : (string?)row[3]));
                }
                else if (!IndexedRecently(page[i]))
                {
                    dead.Add(page[i].Element); // expired, deleted, renewed away or re-owned
                }
            }

            if (dead.Count > 0)
            {
                await Db.SortedSetRemoveAsync(ownerKey, [.. dead]).ConfigureAwait(false);
            }

            pager.Advance(page, dead);
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
        if ((long)await Db.ScriptEvaluateAsync(RedisSessionScripts.Revoke, WithLedger(sessionKey), [ownerId]).ConfigureAwait(false) != 1)
        {
            return false;
        }

        await _replicas.AfterWriteAsync(sessionKey).ConfigureAwait(false);
        await Db.SortedSetRemoveAsync(OwnerKey(ownerId), (string)sessionKey!).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Works through the owner's index once, oldest first, <see cref="OwnerBatchSize"/> sessions at a time (one
    /// pipelined batch of scripts, each ending a session only while it is that owner's), removing each batch from the
    /// index once ended. A session the owner starts meanwhile may be ended too, or survive; one indexed in the last
    /// minute whose session is not written yet stays indexed, so a later revocation still finds it.
    /// </remarks>
    public async ValueTask<int> RevokeOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        var ownerKey = OwnerKey(ownerId);
        var pager = new RedisOwnerIndexPager(Db, ownerKey, Order.Ascending);
        var revoked = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await pager.NextAsync(OwnerBatchSize).ConfigureAwait(false);
            if (page.Length == 0)
            {
                return revoked;
            }

            var ended = await Task.WhenAll(page.Select(entry => Db.ScriptEvaluateAsync(RedisSessionScripts.Revoke, WithLedger((string)entry.Element!), [ownerId]))).ConfigureAwait(false);
            revoked += ended.Count(result => (long)result == 1);
            await _replicas.AfterWritesAsync(page.Select(entry => (RedisKey)(string)entry.Element!)).ConfigureAwait(false);

            // Revoked, gone or another owner's: none belongs in the index any more (but see IndexGrace). Removed only
            // after the scripts ran, so a failed batch leaves its sessions listed for the next attempt.
            var done = page.Where((entry, i) => (long)ended[i] == 1 || !IndexedRecently(entry)).Select(entry => entry.Element).ToHashSet();
            if (done.Count > 0)
            {
                await Db.SortedSetRemoveAsync(ownerKey, [.. done]).ConfigureAwait(false);
            }

            pager.Advance(page, done);
        }
    }

    private static bool IndexedRecently(SortedSetEntry entry)
        => entry.Score > (DateTimeOffset.UtcNow - IndexGrace).ToUnixTimeMilliseconds();

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
                [(string)sessionKey!, lastSeenAt.ToUnixTimeMilliseconds(), Milliseconds(timeToLive), Milliseconds(PruneMargin)]);

    /// <summary>Removes the session from its previous owner's index when the owner changed (or the session ended).</summary>
    private async Task UnindexOwnerAsync(string? previousOwner, string? currentOwner, RedisKey sessionKey)
    {
        if (!string.IsNullOrEmpty(previousOwner) && previousOwner != currentOwner)
        {
            await Db.SortedSetRemoveAsync(OwnerKey(previousOwner), (string)sessionKey!).ConfigureAwait(false);
        }
    }
}
