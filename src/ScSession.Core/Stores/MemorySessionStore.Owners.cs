using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using ScSession.Internal;

namespace ScSession;

// The owner index: listing and revoking a user's sessions, and holding a user to MaxSessionsPerOwner, under the store's lock.
public sealed partial class MemorySessionStore
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OwnedSession>> GetOwnerSessionsAsync(string ownerId, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var now = _time.GetUtcNow();
        var live = new List<Entry>();
        lock (_lock)
        {
            // The index is exact (pruned on every removal); expired sessions met here are dropped.
            foreach (var key in _owners.TryGetValue(ownerId, out var indexed) ? indexed.ToArray() : [])
            {
                if (TryGetLive(key, now, out var entry))
                {
                    live.Add(entry);
                }
            }

            IReadOnlyList<OwnedSession> listed = [.. live.OrderByDescending(e => e.LastSeenAt).Take(limit).Select(e => new OwnedSession(e.Key, e.CreatedAt, e.LastSeenAt, e.Description))];
            return ValueTask.FromResult(listed);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RevokeSessionAsync(string ownerId, string publicId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(publicId);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!TryGetLive(publicId, now, out var entry) || !string.Equals(entry.OwnerId, ownerId, StringComparison.Ordinal))
            {
                return ValueTask.FromResult(false);
            }

            Remove(entry);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<OwnerSessionAdmission> AdmitOwnerSessionAsync(string ownerId, string key, int maxSessions, MaxSessionsPolicy policy, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessions, 1);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!TryGetLive(key, now, out var admitted) || !string.Equals(admitted.OwnerId, ownerId, StringComparison.Ordinal))
            {
                return ValueTask.FromResult(OwnerSessionAdmission.Admit); // ended or re-owned meanwhile: nothing to count
            }

            var others = new List<Entry>();
            foreach (var other in _owners.TryGetValue(ownerId, out var indexed) ? indexed.ToArray() : [])
            {
                if (other != key && TryGetLive(other, now, out var entry))
                {
                    others.Add(entry);
                }
            }

            if (others.Count < maxSessions)
            {
                return ValueTask.FromResult(OwnerSessionAdmission.Admit);
            }

            if (policy == MaxSessionsPolicy.RefuseNewSession)
            {
                Unindex(admitted); // the caller saves the previous owner back
                admitted.OwnerId = null;
                admitted.Description = null;
                return ValueTask.FromResult(OwnerSessionAdmission.Refuse);
            }

            var revoked = others.OrderBy(e => e.LastSeenAt).ThenBy(e => e.CreatedAt).Take(others.Count - maxSessions + 1).ToArray();
            foreach (var entry in revoked)
            {
                Remove(entry);
            }

            return ValueTask.FromResult(new OwnerSessionAdmission(true, [.. revoked.Select(e => e.Key)]));
        }
    }
}
