namespace ScSession.Internal;

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
