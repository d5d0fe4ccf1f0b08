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

    /// <inheritdoc />
    /// <remarks>
    /// <para>The decision is one script on the owner's index (<c>AdmitOwner</c>), so admissions of one owner happen one
    /// at a time; the session was saved, and indexed, before, so a concurrent admission counts it. When the index holds
    /// more than <paramref name="maxSessions"/>, members whose session is gone or re-owned (and was not indexed in the
    /// last minute) are first removed, a batch of at most <see cref="OwnerBatchSize"/> from the least recently seen end,
    /// so sessions that expired do not count. With <see cref="MaxSessionsPolicy.RevokeLeastRecentlyUsed"/> the members
    /// the script removed are then revoked (owner-checked, like <see cref="RevokeSessionAsync"/>); a session chosen
    /// that way before its own admission ran (its save indexed it) finds itself gone from the index there, and ends
    /// itself, in case the revocation reached its slot before its save did.</para>
    /// <para>Sessions live in other slots than the index, so this is not one atomic step: until the revocations land
    /// (the next round trip) the owner has up to <paramref name="maxSessions"/> + 1 live sessions, and a member whose
    /// session ended without leaving the index in the last minute (or beyond the pruned batch) still counts, which can
    /// make the owner keep fewer live sessions than the limit, never more.</para>
    /// </remarks>
    public async ValueTask<OwnerSessionAdmission> AdmitOwnerSessionAsync(string ownerId, string key, int maxSessions, MaxSessionsPolicy policy, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessions, 1);
        var ownerKey = OwnerKey(ownerId);
        var sessionKey = SessionKey(key);
        if (await Db.SortedSetLengthAsync(ownerKey).ConfigureAwait(false) > maxSessions)
        {
            await PruneDeadMembersAsync(ownerId, ownerKey, (string)sessionKey!).ConfigureAwait(false);
        }

        var answer = (RedisResult[])(await Db.ScriptEvaluateAsync(
            RedisSessionScripts.AdmitOwner,
            [ownerKey, OwnerTtlKey(ownerId)],
            [(string)sessionKey!, lastSeenAt.ToUnixTimeMilliseconds(), maxSessions, policy == MaxSessionsPolicy.RefuseNewSession ? "1" : "0"]).ConfigureAwait(false))!;
        switch ((long)answer[0])
        {
            case 0:
                return OwnerSessionAdmission.Refuse;
            case -1:
                // Another sign-in of the owner chose this session to make room. Its revocation may have run before this
                // session's save landed (the index is in another slot): end it here, now that the save is done.
                await Db.ScriptEvaluateAsync(RedisSessionScripts.Revoke, WithLedger(sessionKey), [ownerId]).ConfigureAwait(false);
                await _replicas.AfterWriteAsync(sessionKey).ConfigureAwait(false);
                return OwnerSessionAdmission.Admit;
        }

        var victims = answer.Skip(1).Select(member => (RedisKey)(string)member!).ToArray();
        var ended = await Task.WhenAll(victims.Select(victim => Db.ScriptEvaluateAsync(RedisSessionScripts.Revoke, WithLedger(victim), [ownerId]))).ConfigureAwait(false);
        await _replicas.AfterWritesAsync(victims).ConfigureAwait(false);

        var revoked = victims.Where((_, i) => (long)ended[i] == 1).Select(victim => ((string)victim!)[_sessionPrefix.Length..]).ToArray();
        return revoked.Length == 0 ? OwnerSessionAdmission.Admit : new OwnerSessionAdmission(true, revoked);
    }

    /// <summary>Removes members of the least recently seen batch whose session is gone or re-owned (see <see cref="IndexGrace"/>).</summary>
    private async Task PruneDeadMembersAsync(string ownerId, RedisKey ownerKey, string admitted)
    {
        var page = await Db.SortedSetRangeByRankWithScoresAsync(ownerKey, 0, OwnerBatchSize - 1).ConfigureAwait(false);
        var owners = await Task.WhenAll(page.Select(entry => Db.HashGetAsync((string)entry.Element!, s_owner))).ConfigureAwait(false);
        var dead = page.Where((entry, i) => (string?)owners[i] != ownerId && (string?)entry.Element != admitted && !IndexedRecently(entry))
            .Select(entry => entry.Element).ToArray();
        if (dead.Length > 0)
        {
            await Db.SortedSetRemoveAsync(ownerKey, dead).ConfigureAwait(false);
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
