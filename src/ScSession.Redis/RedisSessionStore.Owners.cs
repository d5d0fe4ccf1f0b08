using ScSession.Internal;
using StackExchange.Redis;

namespace ScSession;

// The owner index: one set per owner, in its own cluster slot, kept by separate commands next to the session scripts
// (see the class remarks for its consistency).
public sealed partial class RedisSessionStore
{
    /// <summary>
    /// How many sessions a listing or a revocation of all of an owner's sessions reads or ends at once: an owner with
    /// 10,000 sessions costs 100 pipelined batches, never 10,000 concurrent round trips.
    /// </summary>
    public const int OwnerBatchSize = 100;

    /// <summary>How long a renewal's tombstone keeps the old session's data (for a renewal that fails halfway).</summary>
    private static readonly TimeSpan TombstoneLife = TimeSpan.FromSeconds(60);

    private static readonly RedisValue[] s_listedFields = ["m:o", "m:c", "m:l", "m:d"];

    /// <inheritdoc />
    /// <remarks>
    /// Reads the owner's set, then each member's owner and times, <see cref="OwnerBatchSize"/> at a time; members whose
    /// session is gone or belongs to another owner are removed from the set. Returns the <paramref name="limit"/> most
    /// recently seen.
    /// </remarks>
    public async ValueTask<IReadOnlyList<OwnedSession>> GetOwnerSessionsAsync(string ownerId, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var ownerKey = OwnerKey(ownerId);
        var live = new List<OwnedSession>();
        foreach (var batch in (await Db.SetMembersAsync(ownerKey).ConfigureAwait(false)).Chunk(OwnerBatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
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

                live.Add(new OwnedSession(
                    ((string)batch[i]!)[_sessionPrefix.Length..],
                    DateTimeOffset.FromUnixTimeMilliseconds((long)row[1]),
                    DateTimeOffset.FromUnixTimeMilliseconds((long)row[2]),
                    row[3].IsNull ? null : (string?)row[3]));
            }

            if (dead.Count > 0)
            {
                await Db.SetRemoveAsync(ownerKey, [.. dead]).ConfigureAwait(false);
            }
        }

        return [.. live.OrderByDescending(s => s.LastSeenAt).Take(limit)];
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

        await Db.SetRemoveAsync(OwnerKey(ownerId), (string)sessionKey!).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Works through the owner's set <see cref="OwnerBatchSize"/> sessions at a time, each ended by a script that checks
    /// its owner, and removes each batch from the set. Sessions the owner starts meanwhile may survive.
    /// </remarks>
    public async ValueTask<int> RevokeOwnerSessionsAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        var ownerKey = OwnerKey(ownerId);
        var revoked = 0;
        foreach (var batch in (await Db.SetMembersAsync(ownerKey).ConfigureAwait(false)).Chunk(OwnerBatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ended = await Task.WhenAll(batch.Select(member => Db.ScriptEvaluateAsync(RedisSessionScripts.Revoke, [(string)member!], [ownerId]))).ConfigureAwait(false);
            revoked += ended.Count(result => (long)result == 1);

            // Revoked, gone or another owner's: none belongs in the set any more.
            await Db.SetRemoveAsync(ownerKey, batch).ConfigureAwait(false);
        }

        return revoked;
    }

    private RedisKey OwnerKey(string ownerId) => _ownerPrefix + ownerId;

    /// <summary>Adds the session to its owner's set and keeps the set alive as long as the session (no owner: nothing).</summary>
    private Task IndexOwnerAsync(string? ownerId, RedisKey sessionKey, TimeSpan timeToLive)
        => string.IsNullOrEmpty(ownerId)
            ? Task.CompletedTask
            : Db.ScriptEvaluateAsync(RedisSessionScripts.IndexOwner, [OwnerKey(ownerId)], [(string)sessionKey!, Milliseconds(timeToLive)]);

    /// <summary>Removes the session from its previous owner's set when the owner changed (or the session ended).</summary>
    private async Task UnindexOwnerAsync(string? previousOwner, string? currentOwner, RedisKey sessionKey)
    {
        if (!string.IsNullOrEmpty(previousOwner) && previousOwner != currentOwner)
        {
            await Db.SetRemoveAsync(OwnerKey(previousOwner), (string)sessionKey!).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After step 2 of a renewal failed: true when the new session exists after all (only its answer was lost);
    /// otherwise renames the tombstone back to the old session and returns false (the caller rethrows). When even that
    /// fails, throws an exception that names the tombstone, which keeps the data for <see cref="TombstoneLife"/>.
    /// </summary>
    private async Task<bool> RestoreAsync(RedisKey tombstone, RedisKey oldSession, RedisKey newSession, long remainingLife, Exception failure)
    {
        try
        {
            if (await Db.KeyExistsAsync(newSession).ConfigureAwait(false))
            {
                return true;
            }

            await Db.ScriptEvaluateAsync(RedisSessionScripts.Restore, [tombstone, oldSession], [remainingLife]).ConfigureAwait(false);
            return false;
        }
        catch (Exception restoreFailure)
        {
            throw new RedisException(
                $"Renewing a session failed after it was moved to {tombstone}, and moving it back failed too; the tombstone keeps its data for {TombstoneLife.TotalSeconds} s.",
                new AggregateException(failure, restoreFailure));
        }
    }
}
