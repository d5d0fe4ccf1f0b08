using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ScSession.Internal;

// Saving: the final and intermediate commits, what a store is given to write, the per-owner admission (which saves
// first), and the changes reported lost after the response started.
internal sealed partial class SessionState
{
    /// <summary>The final save, when the response starts or the pipeline completes; later changes are reported as lost.</summary>
    public Task CommitFinalAsync()
    {
        if (_phase != SessionPhase.Open)
        {
            return Task.CompletedTask;
        }

        _phase = SessionPhase.Committed;
        return CommitAsync();
    }

    /// <summary>
    /// Saves what changed since the last save. May run more than once per request (<c>ISession.CommitAsync</c>, then
    /// the final save); each run writes only the differences.
    /// </summary>
    public async Task CommitAsync()
    {
        SessionPhaseErrors.ThrowIfClosed(_phase);
        if (_phase == SessionPhase.Abandoned || !_loaded)
        {
            return;
        }

        var now = _runtime.Time.GetUtcNow();
        var changed = _models.CollectChangesToSave();
        var idleRefreshDue = _envelope is not null && now - _envelope.LastSeenAt >= _runtime.Windows(_envelope).IdleRefreshInterval;
        // "Remember me" switched: the cookie's Expires/Max-Age (and the store's time to live) change with it.
        var lifetimeChanged = changed?.ContainsKey(PersistenceSection.SectionName) == true;
        var plan = CommitPlan.Decide(_envelope is not null, changed is not null, _cookieDuty, idleRefreshDue || lifetimeChanged, _runtime.Backend.DataInCookie, _context.Response.HasStarted);
        if (plan.Action == CommitAction.ExpireCookie)
        {
            _cookie.Expire(now); // a refused or destroyed session: the browser stops sending its cookie
            _cookieDuty = CookieDuty.None;
        }

        if (plan.Action is CommitAction.Create or CommitAction.Update)
        {
            await SaveAsync(now, plan, changed).ConfigureAwait(false);
        }
    }

    private async Task SaveAsync(DateTimeOffset now, CommitPlan plan, Dictionary<string, ReadOnlyMemory<byte>>? changed)
    {
        var isNew = plan.Action == CommitAction.Create;
        if (changed is not null && !_runtime.Backend.DataInCookie)
        {
            // A cookie session is bounded by the cookie budget instead, checked when the cookie is written.
            SessionSizeLimit.ThrowIfOverStoreLimit(_envelope?.Sections ?? s_noChanges, changed, _runtime.Options.MaxSessionSize);
        }

        var envelope = _envelope ?? new SessionEnvelope(_reservedId ?? SessionEnvelope.NewSessionId(), now, now);
        await SessionAnnouncer.SavingAsync(_context, _runtime, envelope, changed).ConfigureAwait(false);

        // The cookie's lifetime follows LastSeenAt: move it only when the cookie is re-issued with it. Never before the
        // creation time, which a server whose clock runs ahead may have written.
        var undo = new PendingChanges(envelope, changed, plan.ReissueCookie ? Later(now, envelope.CreatedAt) : envelope.LastSeenAt);
        string value;
        var write = WriteOf(isNew, envelope, now, changed ?? s_noChanges);
        try
        {
            // Not cancelled by the client: a change the endpoint made is saved (within StoreTimeout) or fails loudly.
            value = await _runtime.Backend.SaveAsync(envelope, write).ConfigureAwait(false);
            if (plan.ReissueCookie)
            {
                _cookie.Write(now, envelope, value);
            }
        }
        catch (Exception ex)
        {
            // Nothing was saved: the envelope and the baselines stay as they were, so a later save tries again
            // (a new session stays new: its ID is kept for that save).
            undo.Revert();
            if (isNew)
            {
                _reservedId = envelope.SessionId;
            }

            if (ex is SessionConflictException conflict)
            {
                await SessionAnnouncer.ConflictAsync(_context, _runtime, envelope, conflict).ConfigureAwait(false);
            }

            throw;
        }

        envelope.RecordWritten(write.ChangedSections.Keys, write.ExpectedVersions);

        _envelope = envelope;
        _reservedId = null;
        _cookieDuty = CookieDuty.None;
        _models.Saved(changed);
        await SessionAnnouncer.SavedAsync(_context, _runtime, envelope, value, changed, isNew).ConfigureAwait(false);
    }

    /// <summary>The per-owner session limit, or null when there is none.</summary>
    public OwnerSessionLimit? OwnerLimit => _runtime.OwnerLimit;

    /// <summary>
    /// Saves the session now, with the owner just set in its <see cref="OwnerSection"/>, then asks the store to admit it
    /// under <see cref="ScSessionOptions.MaxSessionsPerOwner"/>: saved first, so a concurrent sign-in of the same owner
    /// counts it. Returns false when the store refused it (the caller puts the previous owner back).
    /// </summary>
    public async Task<bool> AdmitOwnerAsync(string ownerId)
    {
        SessionPhaseErrors.ThrowIfClosed(_phase);
        if (_context.Response.HasStarted)
        {
            throw new InvalidOperationException("SetSessionOwnerAsync must run before the response starts when ScSessionOptions.MaxSessionsPerOwner is set: the session is saved, and may get its cookie, at once.");
        }

        await CommitAsync().ConfigureAwait(false);
        if (_envelope is null)
        {
            return true; // nothing was saved (the request failed already): nothing to count
        }

        var admission = await _runtime.OwnerLimit!.AdmitAsync(ownerId, SessionId!, _envelope.LastSeenAt).ConfigureAwait(false);
        if (admission.Revoked.Count > 0)
        {
            Log.OwnerSessionsRevokedForLimit(_runtime.Logger, admission.Revoked.Count, _runtime.OwnerLimit.MaxSessions);
        }

        return admission.Admitted;
    }

    /// <summary>After the response has started: reports models changed since the last save (those changes are lost).</summary>
    public async Task CheckLateChangesAsync()
    {
        if (_phase != SessionPhase.Committed || _models.IsEmpty)
        {
            return;
        }

        if (_models.CollectChanges() is { } changed)
        {
            await SessionAnnouncer.ChangeLostAsync(_context, _runtime, SessionId, changed).ConfigureAwait(false);
        }
    }

    /// <summary>What a store is given to write <paramref name="envelope"/>: the changes, the versions they expect, the owner.</summary>
    private SessionWrite WriteOf(bool isNew, SessionEnvelope envelope, DateTimeOffset now, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> changed)
    {
        var owner = _runtime.Backend.DataInCookie ? null : _models.Owner(_envelope?.Sections);
        return new SessionWrite(isNew, envelope.CreatedAt, envelope.LastSeenAt, TimeToLive(envelope, now), changed, owner?.OwnerId, owner?.Description)
        {
            ExpectedVersions = _models.ExpectedVersions(changed, envelope, _runtime.Concurrency),
        };
    }

    /// <summary>
    /// How long the store keeps the session: until its own idle or absolute end. At least a millisecond: a session whose
    /// windows just shrank past its age (remembered, then not) is then dropped by the store at once, and refused on load.
    /// </summary>
    private TimeSpan TimeToLive(SessionEnvelope envelope, DateTimeOffset now)
    {
        var left = _runtime.ExpiresAt(envelope) - now;
        return left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
