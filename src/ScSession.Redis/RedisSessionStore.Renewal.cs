using ScSession.Internal;
using StackExchange.Redis;

namespace ScSession;

// Renewal across cluster slots: bury the old session in a tombstone, raise it under the new ID, delete the tombstone;
// and the ways back when a step fails (see the class remarks).
public sealed partial class RedisSessionStore
{
    /// <summary>How long a renewal's tombstone keeps the old session's data (for a renewal that fails halfway).</summary>
    private static readonly TimeSpan TombstoneLife = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    /// <remarks>
    /// Three steps, as the two IDs may hash to different cluster slots (see the class remarks): the old session becomes
    /// a tombstone, the new one is written, the tombstone is deleted. If the second step fails, the session is put back
    /// under the old ID and the exception is thrown, so the request fails and nothing is lost. With
    /// <see cref="RedisSessionStoreOptions.WaitForReplicas"/>, the replicas of both IDs' masters confirm the first two
    /// steps before the tombstone is deleted; when they do not in time, the renewal is undone the same way and fails.
    /// </remarks>
    public async ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (oldSession, tombstone, newSession) = (SessionKey(oldKey), TombstoneKey(oldKey), SessionKey(newKey));

        // Indexed before it exists, so the owner's set never misses the renewed session; a failure below leaves a dead
        // member that listing drops.
        await IndexOwnerAsync(write.OwnerId, newSession, write.LastSeenAt, write.TimeToLive).ConfigureAwait(false);

        RedisKey[] buryKeys = WithLedger(oldSession) is [_, var oldLedger] ? [oldSession, tombstone, oldLedger] : [oldSession, tombstone];
        var buried = await Db.ScriptEvaluateAsync(RedisSessionScripts.Bury, buryKeys, [(long)TombstoneLife.TotalMilliseconds]).ConfigureAwait(false);
        if (buried.IsNull)
        {
            throw SessionEndedException.For(write); // destroyed, revoked or expired meanwhile: not brought back
        }

        var tombstoned = (RedisResult[])buried!;
        var remainingLife = (long)tombstoned[0];
        var fields = (RedisResult[])tombstoned[1]!;
        var args = new RedisValue[5 + fields.Length];
        args[0] = write.CreatedAt.ToUnixTimeMilliseconds();
        args[1] = write.LastSeenAt.ToUnixTimeMilliseconds();
        args[2] = Milliseconds(write.TimeToLive);
        args[3] = write.OwnerId ?? string.Empty;
        args[4] = write.Description ?? string.Empty;
        string? oldOwner = null;
        for (var i = 0; i < fields.Length; i++)
        {
            args[5 + i] = (RedisValue)fields[i];
            if (i % 2 == 1 && args[4 + i] == s_owner)
            {
                oldOwner = (string?)args[5 + i];
            }
        }

        try
        {
            await Db.ScriptEvaluateAsync(RedisSessionScripts.Raise, WithLedger(newSession), args).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            if (!await RestoreAsync(tombstone, oldSession, newSession, remainingLife, failure).ConfigureAwait(false))
            {
                throw;
            }

            // The new session was written after all (the answer was lost): the renewal went through.
        }

        // WaitForReplicas: both steps reach the replicas (a failover must bring back neither the old ID nor lose the
        // new one), or the renewal is undone and fails.
        try
        {
            await _replicas.AfterWritesAsync([oldSession, newSession]).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            await UndoAsync(tombstone, oldSession, newSession, remainingLife, failure).ConfigureAwait(false);
            throw;
        }

        await Db.KeyDeleteAsync(tombstone).ConfigureAwait(false);
        await UnindexOwnerAsync(oldOwner, null, oldSession).ConfigureAwait(false);
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

    /// <summary>
    /// After the replicas did not confirm a renewal (<see cref="RedisSessionStoreOptions.WaitForReplicas"/>): puts the
    /// session back under the old ID, which the client still holds as the request fails, and only then deletes the new
    /// one, so the data is never without a key and never under both IDs for longer than the two commands.
    /// </summary>
    private async Task UndoAsync(RedisKey tombstone, RedisKey oldSession, RedisKey newSession, long remainingLife, Exception failure)
    {
        bool restored;
        try
        {
            restored = (long)await Db.ScriptEvaluateAsync(RedisSessionScripts.Restore, [tombstone, oldSession], [remainingLife]).ConfigureAwait(false) == 1;
        }
        catch (Exception undoFailure)
        {
            throw new RedisException($"Renewing a session was not confirmed by the replicas, and moving it back from {tombstone} failed; it stays under the new ID.", new AggregateException(failure, undoFailure));
        }

        if (!restored)
        {
            throw new RedisException($"Renewing a session was not confirmed by the replicas, and {tombstone} was gone, so it stays under the new ID.", failure);
        }

        try
        {
            await Db.KeyDeleteAsync(newSession).ConfigureAwait(false);
        }
        catch (Exception undoFailure)
        {
            throw new RedisException("Renewing a session was not confirmed by the replicas; it was moved back to the old ID, but deleting the new one failed, so both load until it expires.", new AggregateException(failure, undoFailure));
        }
    }
}
