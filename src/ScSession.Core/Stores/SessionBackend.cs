using System.Buffers.Text;

namespace ScSession.Internal;

/// <summary>Where sessions live: in the cookie itself, or in a server-side store behind an ID cookie.</summary>
internal abstract class SessionBackend
{
    /// <summary>True when the session's data travels in the cookie, so every change re-issues the cookie.</summary>
    public abstract bool DataInCookie { get; }

    /// <summary>Turns a cookie value into the session it stands for.</summary>
    public abstract ValueTask<(SessionEnvelope? Envelope, SessionRejectionReason? Rejection)> LoadAsync(ReadOnlyMemory<char> cookieValue, CancellationToken cancellationToken);

    /// <summary>
    /// Persists a save — <paramref name="envelope"/> is the whole session after it, <paramref name="write"/> what changed
    /// (the cookie store encodes the one, a server store writes the other) — and returns the cookie value to send.
    /// Writes are never cancelled by the client.
    /// </summary>
    public abstract ValueTask<string> SaveAsync(SessionEnvelope envelope, SessionWrite write);

    /// <summary>Moves a stored session to a new ID at once, so the old ID stops working (a no-op for the cookie store).</summary>
    public abstract ValueTask RenewAsync(byte[] oldId, SessionEnvelope renewed, SessionWrite write);

    /// <summary>Deletes a stored session at once (a no-op for the cookie store, which can only expire its cookie).</summary>
    public abstract ValueTask DeleteAsync(byte[] sessionId);
}

/// <summary>The session is the cookie: encrypted and authenticated by <see cref="CookieSessionCodec"/>.</summary>
internal sealed class CookieSessionBackend(CookieSessionCodec codec) : SessionBackend
{
    public override bool DataInCookie => true;

    public override ValueTask<(SessionEnvelope?, SessionRejectionReason?)> LoadAsync(ReadOnlyMemory<char> cookieValue, CancellationToken cancellationToken)
    {
        SessionRejectionReason? rejection = codec.TryDecode(cookieValue.Span, out var envelope) switch
        {
            CookieDecodeStatus.Success => null,
            CookieDecodeStatus.Tampered => SessionRejectionReason.Tampered,
            CookieDecodeStatus.UnknownKey => SessionRejectionReason.UnknownKey,
            _ => SessionRejectionReason.Malformed,
        };
        return ValueTask.FromResult((envelope, rejection));
    }

    public override ValueTask<string> SaveAsync(SessionEnvelope envelope, SessionWrite write) => ValueTask.FromResult(codec.Encode(envelope));

    public override ValueTask RenewAsync(byte[] oldId, SessionEnvelope renewed, SessionWrite write) => ValueTask.CompletedTask;

    public override ValueTask DeleteAsync(byte[] sessionId) => ValueTask.CompletedTask;
}

/// <summary>The cookie holds the 256-bit session ID (base64url); the session lives in an <see cref="ISessionStore"/>.</summary>
internal sealed class StoreSessionBackend(ISessionStore store, TimeSpan timeout) : SessionBackend
{
    private const int EncodedIdLength = 43; // base64url of 32 bytes, unpadded

    private readonly StoreOperationGuard _guard = new(store.GetType().Name, timeout);

    public override bool DataInCookie => false;

    public override async ValueTask<(SessionEnvelope?, SessionRejectionReason?)> LoadAsync(ReadOnlyMemory<char> cookieValue, CancellationToken cancellationToken)
    {
        var sessionId = new byte[SessionEnvelope.SessionIdLength];
        if (cookieValue.Length != EncodedIdLength || !StrictBase64Url.TryDecode(cookieValue.Span, sessionId, out _))
        {
            return (null, SessionRejectionReason.Malformed); // checked before any store call: no I/O for a bad ID
        }

        var stored = await _guard.LoadAsync(
            (Store: store, Key: StoreKey(sessionId)),
            static (s, token) => s.Store.LoadAsync(s.Key, token),
            cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return (null, SessionRejectionReason.NotFound);
        }

        var envelope = new SessionEnvelope(sessionId, stored.CreatedAt, stored.LastSeenAt);
        foreach (var (name, data) in stored.Sections)
        {
            envelope.Sections[name] = data;
        }

        return (envelope, null);
    }

    public override async ValueTask<string> SaveAsync(SessionEnvelope envelope, SessionWrite write)
    {
        var key = StoreKey(envelope.SessionId);
        if (!write.IsNew && write.ChangedSections.Count == 0)
        {
            await _guard.WriteAsync(
                "touch",
                (Store: store, Key: key, write.LastSeenAt, write.TimeToLive),
                static (s, token) => s.Store.TouchAsync(s.Key, s.LastSeenAt, s.TimeToLive, token)).ConfigureAwait(false);
        }
        else
        {
            await _guard.WriteAsync("save", (Store: store, Key: key, Write: write), static (s, token) => s.Store.SaveAsync(s.Key, s.Write, token)).ConfigureAwait(false);
        }

        return Base64Url.EncodeToString(envelope.SessionId);
    }

    public override async ValueTask RenewAsync(byte[] oldId, SessionEnvelope renewed, SessionWrite write)
        => await _guard.WriteAsync(
            "renew",
            (Store: store, OldKey: StoreKey(oldId), NewKey: StoreKey(renewed.SessionId), Write: write),
            static (s, token) => s.Store.RenewAsync(s.OldKey, s.NewKey, s.Write, token)).ConfigureAwait(false);

    public override async ValueTask DeleteAsync(byte[] sessionId)
        => await _guard.WriteAsync("delete", (Store: store, Key: StoreKey(sessionId)), static (s, token) => s.Store.DeleteAsync(s.Key, token)).ConfigureAwait(false);

    /// <summary>The store key: SHA-256 of the session ID, so a dump of the store does not reveal live session IDs.</summary>
    internal static string StoreKey(byte[] sessionId) => SessionEnvelope.PublicIdOf(sessionId);
}
