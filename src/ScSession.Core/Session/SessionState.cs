using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ScSession.Internal;

/// <summary>
/// The session of one request, as the application sees it: loads lazily on first use (<see cref="SessionLoader"/>),
/// hands out typed models (<see cref="TrackedModels"/>), renews and destroys, and on commit saves only what changed
/// (<see cref="CommitPlan"/> decides what to write; <see cref="SessionCookieWriter"/> writes the cookie). It is also
/// the request's <see cref="ISessionFeature"/> (<c>HttpContext.Session</c>), so a request allocates one object, not two.
/// </summary>
internal sealed partial class SessionState : ISessionFeature
{
    private static readonly IReadOnlyDictionary<string, ReadOnlyMemory<byte>> s_noChanges = new Dictionary<string, ReadOnlyMemory<byte>>();

    private readonly HttpContext _context;
    private readonly ScSessionRuntime _runtime;
    private readonly TrackedModels _models;
    private readonly SessionCookieWriter _cookie;
    private readonly ModelLeases _leases;

    private SessionPhase _phase;
    private bool _loaded; // loading is independent of the phase: an abandoned request's error page still reads the session
    private Task? _loading;
    private SessionEnvelope? _envelope; // null: no session (none sent, refused, destroyed, or new and not saved yet)
    private CookieDuty _cookieDuty;
    private byte[]? _reservedId;
    private ISession? _untyped;

    /// <param name="context">The request.</param>
    /// <param name="runtime">The application's ScSession.</param>
    /// <param name="previous">
    /// The session of an earlier pass of this request through the pipeline (a re-execution), or null. A pass that
    /// completed hands on what it saved and the cookies it wrote, so the next one neither reloads the request's old
    /// cookie nor adds a second <c>Set-Cookie</c> beside the first; a pass that failed forgot what it loaded when it
    /// closed, and hands on only the cookies it wrote.
    /// </param>
    public SessionState(HttpContext context, ScSessionRuntime runtime, SessionState? previous = null)
    {
        _context = context;
        _runtime = runtime;
        _models = new TrackedModels(runtime.Logger);
        _cookie = new SessionCookieWriter(context, runtime);
        _leases = new ModelLeases(context, runtime);
        if (previous is null)
        {
            return;
        }

        _cookie.ContinueFrom(previous._cookie);
        if (previous._loaded)
        {
            _loaded = true;
            _envelope = previous._envelope;
            _cookieDuty = previous._cookieDuty;
            _reservedId = previous._reservedId;
        }
    }

    /// <summary>The request's <see cref="ISession"/>, created on first use.</summary>
    ISession ISessionFeature.Session
    {
        get => _untyped ??= new UntypedSession(this);
        set => _untyped = value;
    }

    public static SessionState From(HttpContext context)
        => context.Features.Get<SessionState>()
           ?? throw new InvalidOperationException(
               "ScSession is not available for this request. Add builder.Services.AddScSession() and call app.UseScSession() before the endpoints that use sessions.");

    /// <summary>
    /// The session's public identifier (<see cref="SessionEnvelope.PublicId"/>), or null while the session is new and
    /// unsaved; safe to log and hand to events.
    /// </summary>
    public string? SessionId => _envelope?.PublicId;

    /// <summary>For the inspector: the session as loaded (null when there is none) and the chunk cookies the request carried.</summary>
    public (SessionEnvelope? Envelope, CarriedChunks Chunks) Inspect() => (_envelope, _cookie.RequestChunks);

    /// <summary>True once nothing more will be saved at the response start: the final save ran (or failed), or the request was abandoned.</summary>
    public bool IsFinalCommitDone => _phase != SessionPhase.Open;

    /// <summary>
    /// The session's public identifier even before it is first saved (<c>ISession.Id</c> is never empty): a new
    /// session reserves its secret ID now and keeps it when it is saved later in this request.
    /// </summary>
    public string GetOrReserveSessionId()
    {
        EnsureLoaded();
        if (_envelope is not null)
        {
            return SessionId!;
        }

        _reservedId ??= SessionEnvelope.NewSessionId();
        return SessionEnvelope.PublicIdOf(_reservedId);
    }

    /// <param name="cancellationToken">Cancels the load and any wait for an exclusive model's lease.</param>
    /// <param name="mayWait">False for a synchronous caller: an exclusive model another request holds fails at once.</param>
    public ValueTask<T> GetModelAsync<T>(CancellationToken cancellationToken, bool mayWait = true) where T : class, ISessionModel<T>
    {
        SessionPhaseErrors.ThrowIfClosed(_phase);
        if (_loaded && !NeedsLease<T>())
        {
            return new ValueTask<T>(_models.GetOrCreate<T>(_envelope?.Sections));
        }

        return LoadThenGetAsync<T>(mayWait, cancellationToken);
    }

    /// <summary>
    /// The synchronous path for APIs that cannot be async (<c>ISession</c>, <c>context.Flash()</c>, constructor
    /// injection). The cookie store loads synchronously; a load that has to wait (a server store, an event handler
    /// that awaits) blocks here, so async code should prefer <see cref="GetModelAsync{T}"/>. An exclusive model another
    /// request holds is not waited for: that fails at once (<see cref="SessionLeaseTimeoutException"/>).
    /// </summary>
    public T GetModel<T>() where T : class, ISessionModel<T>
    {
        var pending = GetModelAsync<T>(_context.RequestAborted, mayWait: false);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Loads the session now if it is not loaded yet (see <see cref="GetModel{T}"/> about blocking).</summary>
    public void EnsureLoaded()
    {
        SessionPhaseErrors.ThrowIfClosed(_phase);
        if (_loaded)
        {
            return;
        }

        var pending = LoadAsync(_context.RequestAborted);
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    private async ValueTask<T> LoadThenGetAsync<T>(bool mayWait, CancellationToken cancellationToken) where T : class, ISessionModel<T>
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (NeedsLease<T>())
        {
            await _leases.TakeAsync(_envelope!, T.SectionName, mayWait, cancellationToken).ConfigureAwait(false);
        }

        return _models.GetOrCreate<T>(_envelope?.Sections);
    }

    /// <summary>
    /// True when handing out <typeparamref name="T"/> first needs its lease: an exclusive model of a stored session, not
    /// handed out yet, while changes can still be saved. A new session has no other request to wait for.
    /// </summary>
    private bool NeedsLease<T>() where T : class, ISessionModel<T>
        => _runtime.Concurrency.Leases && _envelope is not null && _phase == SessionPhase.Open
           && _runtime.Concurrency.IsExclusive(T.Concurrency, typeof(T)) && !_models.Contains<T>();

    /// <summary>Releases the leases of exclusive models this request took (when it ends; never throws).</summary>
    public Task ReleaseLeasesAsync() => _leases.ReleaseAllAsync();

    /// <summary>
    /// Loads the session once per request. Concurrent callers (<c>Task.WhenAll</c> over two models) share the one load;
    /// a load that failed (a store that is down) is tried again by the next use, instead of leaving an empty session
    /// that would replace the stored one when saved.
    /// </summary>
    public ValueTask LoadAsync(CancellationToken cancellationToken)
    {
        SessionPhaseErrors.ThrowIfClosed(_phase);
        if (_loaded)
        {
            return default; // loaded, or raising the load's events (a handler that uses the session)
        }

        if (_loading is { IsFaulted: true } or { IsCanceled: true })
        {
            _loading = null;
        }

        return new ValueTask(_loading ??= LoadOnceAsync(cancellationToken));
    }

    private async Task LoadOnceAsync(CancellationToken cancellationToken)
    {
        var result = await SessionLoader.ReadAsync(_context, _runtime, cancellationToken).ConfigureAwait(false);
        _cookie.RequestChunks = result.Chunks;
        _envelope = result.Accepted;
        _cookieDuty = result.HadCookie && result.Rejection is not null ? CookieDuty.ExpireRefused : CookieDuty.None;
        _loaded = true;
        await SessionAnnouncer.LoadedAsync(_context, _runtime, result).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives the session a new ID, keeping its data and its creation time (so the absolute timeout still counts from
    /// the first creation, however often it is renewed). On a server store the old ID
    /// stops working at once. A session that was never saved has no ID to renew: it gets a fresh one when first saved.
    /// </summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        SessionPhaseErrors.ThrowIfClosed(_phase);
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        SessionPhaseErrors.ThrowIfCookieFixed(_phase, "renew");
        if (_envelope is null)
        {
            return;
        }

        var now = _runtime.Time.GetUtcNow();
        var oldId = _envelope.SessionId;
        var oldLastSeenAt = _envelope.LastSeenAt;
        _envelope.SessionId = SessionEnvelope.NewSessionId();
        _envelope.LastSeenAt = Later(now, _envelope.CreatedAt); // CreatedAt stays: the absolute timeout counts from the first creation
        try
        {
            var write = WriteOf(isNew: true, _envelope, now, s_noChanges);
            await _runtime.Backend.RenewAsync(oldId, _envelope, write).ConfigureAwait(false);
        }
        catch
        {
            // Whether the store moved the session is unknown (a timeout may come after it did): this request saves
            // nothing more, rather than writing under an ID the browser never gets, or resurrecting the old one.
            _envelope.SessionId = oldId;
            _envelope.LastSeenAt = oldLastSeenAt;
            Abandon();
            throw;
        }

        _cookieDuty = CookieDuty.Reissue;
        await SessionAnnouncer.RenewedAsync(_context, _runtime, SessionId!).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the session: its data is gone, the server copy is deleted at once, and the cookie is expired when the
    /// response starts. Models handed out before are detached; asking again gives fresh ones, and changing those
    /// starts a new session with a new ID. The sections named in <paramref name="keepSections"/> survive: they move to
    /// that new session (models of them handed out before stay attached), which is saved if they hold anything.
    /// </summary>
    public async Task DestroyAsync(IReadOnlyCollection<string>? keepSections, CancellationToken cancellationToken)
    {
        SessionPhaseErrors.ThrowIfClosed(_phase);
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        SessionPhaseErrors.ThrowIfCookieFixed(_phase, "destroy");
        var destroyedId = SessionId;
        var again = _envelope is null && _cookieDuty == CookieDuty.ExpireDestroyed;
        _models.KeepOnly(keepSections, _envelope?.Sections);
        if (_envelope is not null)
        {
            await _runtime.Backend.DeleteAsync(_envelope.SessionId).ConfigureAwait(false);
        }

        _envelope = null;
        _cookieDuty = CookieDuty.ExpireDestroyed;
        if (!again) // a second sign-out in one request (Identity signs out of several schemes): one destruction, one event
        {
            await SessionAnnouncer.DestroyedAsync(_context, _runtime, destroyedId).ConfigureAwait(false);
        }
    }

    /// <summary>Marks the request as failed: its session changes are not saved.</summary>
    public void Abandon()
    {
        if (_phase != SessionPhase.Closed)
        {
            _phase = SessionPhase.Abandoned;
        }
    }

    /// <summary>
    /// Ends the session's part in the request when the ScSession middleware has finished: from then on every use
    /// throws, because nothing could save it any more. A failed pass forgets what it loaded, so a re-executed pipeline
    /// starts again from the request's cookie.
    /// </summary>
    public void Close()
    {
        if (_phase == SessionPhase.Abandoned)
        {
            _loaded = false;
            _envelope = null;
        }

        _phase = SessionPhase.Closed;
    }
}
