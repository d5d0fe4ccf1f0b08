using System.Buffers.Text;

namespace ScSession.Internal;

/// <summary>
/// The cookie holds the 256-bit session ID (base64url); the session lives in an <see cref="ISessionStore"/>, every call
/// to which goes through <paramref name="guard"/> (the timeout, and the one wrapping of failures).
/// </summary>
internal sealed class StoreSessionBackend(ISessionStore store, StoreOperationGuard guard) : SessionBackend
{
    private const int EncodedIdLength = 43; // base64url of 32 bytes, unpadded

    private readonly GuardedLeaseStore? _leases = store is ISessionLeaseStore leases ? new GuardedLeaseStore(leases, guard) : null;

    public override bool DataInCookie => false;

    public override bool SupportsOptimisticConcurrency => store.SupportsOptimisticConcurrency;

    public override GuardedLeaseStore? Leases => _leases;

    public override ValueTask<StoredSession?> ReadStoredAsync(string key, CancellationToken cancellationToken)
        => guard.RunAsync(StoreOperation.Load, (Store: store, Key: key), static (s, token) => s.Store.LoadAsync(s.Key, token), cancellationToken);

    public override async ValueTask<(SessionEnvelope?, SessionRejectionReason?)> LoadAsync(ReadOnlyMemory<char> cookieValue, CancellationToken cancellationToken)
    {
        var sessionId = new byte[SessionEnvelope.SessionIdLength];
        if (cookieValue.Length != EncodedIdLength || !StrictBase64Url.TryDecode(cookieValue.Span, sessionId, out _))
        {
            return (null, SessionRejectionReason.Malformed); // checked before any store call: no I/O for a bad ID
        }

        var stored = await ReadStoredAsync(StoreKey(sessionId), cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return (null, SessionRejectionReason.NotFound);
        }

        var envelope = new SessionEnvelope(sessionId, stored.CreatedAt, stored.LastSeenAt);
        foreach (var (name, data) in stored.Sections)
        {
            envelope.Sections[name] = data;
        }

        if (stored.SectionVersions.Count > 0)
        {
            envelope.Versions = stored.SectionVersions; // read only: a save replaces it (SessionEnvelope.RecordWritten)
        }

        return (envelope, null);
    }

    public override async ValueTask<string> SaveAsync(SessionEnvelope envelope, SessionWrite write)
    {
        var key = StoreKey(envelope.SessionId);
        if (!write.IsNew && write.ChangedSections.Count == 0)
        {
            await guard.WriteAsync(
                StoreOperation.Touch,
                (Store: store, Key: key, write.LastSeenAt, write.TimeToLive),
                static (s, token) => s.Store.TouchAsync(s.Key, s.LastSeenAt, s.TimeToLive, token)).ConfigureAwait(false);
        }
        else
        {
            await guard.WriteAsync(StoreOperation.Save, (Store: store, Key: key, Write: write), static (s, token) => s.Store.SaveAsync(s.Key, s.Write, token)).ConfigureAwait(false);
        }

        return Base64Url.EncodeToString(envelope.SessionId);
    }

    public override async ValueTask RenewAsync(byte[] oldId, SessionEnvelope renewed, SessionWrite write)
    {
        System.Diagnostics.Debug.Assert(write.ChangedSections.Count == 0 && write.ExpectedVersions is null, "a renewal writes no sections (ISessionStore.RenewAsync)");
        await guard.WriteAsync(
            StoreOperation.Renew,
            (Store: store, OldKey: StoreKey(oldId), NewKey: StoreKey(renewed.SessionId), Write: write),
            static (s, token) => s.Store.RenewAsync(s.OldKey, s.NewKey, s.Write, token)).ConfigureAwait(false);
    }

    public override async ValueTask DeleteAsync(byte[] sessionId)
        => await guard.WriteAsync(StoreOperation.Delete, (Store: store, Key: StoreKey(sessionId)), static (s, token) => s.Store.DeleteAsync(s.Key, token)).ConfigureAwait(false);

    /// <summary>
    /// The store key: SHA-256 of the session ID (base64url), so a dump of the store does not reveal live session IDs. It
    /// is also the session's public ID (<c>HttpContext.Session.Id</c>).
    /// </summary>
    internal static string StoreKey(byte[] sessionId) => SessionEnvelope.PublicIdOf(sessionId);
}
