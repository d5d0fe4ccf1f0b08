using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ScSession.Internal;

/// <summary>
/// The session of one request: loads lazily on first use, hands out typed models, and on commit saves only what
/// changed (by comparing each model's serialized bytes with what was loaded). Renewal and destruction act here too.
/// It is also the request's <see cref="ISessionFeature"/> (<c>HttpContext.Session</c>), so a request allocates one object, not two.
/// </summary>
internal sealed class SessionState : ISessionFeature
{
    [ThreadStatic]
    private static ChangeWriter? t_changeWriter;

    private static readonly IReadOnlyDictionary<string, ReadOnlyMemory<byte>> s_noChanges = new Dictionary<string, ReadOnlyMemory<byte>>();

    private readonly HttpContext _context;
    private readonly ScSessionRuntime _runtime;
    private readonly List<TrackedModel> _tracked = new(2);

    private bool _loaded;
    private SessionEnvelope? _envelope;
    private bool _requestHadCookie;
    private CarriedChunks _carriedChunks;
    private bool _renewed;
    private bool _destroyed;
    private bool _cookieWritten;
    private bool _finalCommitDone;
    private bool _abandoned;
    private bool _closed;
    private string? _publicId;
    private byte[]? _reservedId;
    private byte[]? _publicIdSource;
    private ISession? _untyped;
    private Task? _loading;
    private Dictionary<string, ReadOnlyMemory<byte>>? _carried; // sections kept across a destroy, not read since

    /// <param name="context">The request.</param>
    /// <param name="runtime">The application's ScSession.</param>
    /// <param name="previous">
    /// The session of an earlier pass of this request through the pipeline (a re-execution), or null. A pass that
    /// completed hands on what it saved and the cookies it wrote, so the next one neither reloads the request's old
    /// cookie nor adds a second <c>Set-Cookie</c> beside the first; a pass that failed saved nothing and hands on nothing.
    /// </param>
    public SessionState(HttpContext context, ScSessionRuntime runtime, SessionState? previous = null)
    {
        _context = context;
        _runtime = runtime;
        if (previous is { _abandoned: false, _loaded: true })
        {
            _loaded = true;
            _envelope = previous._envelope;
            _requestHadCookie = previous._requestHadCookie;
            _carriedChunks = previous._carriedChunks;
            _cookieWritten = previous._cookieWritten;
            _reservedId = previous._reservedId;
        }
        else if (previous is not null)
        {
            _carriedChunks = previous._carriedChunks;
            _cookieWritten = previous._cookieWritten;
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
    /// The session's public identifier, or null while the session is new and unsaved: a SHA-256 hash of the secret
    /// session ID (base64url), safe to log and hand to events. With a server store the secret ID is the cookie value,
    /// so it is never exposed itself.
    /// </summary>
    public string? SessionId
    {
        get
        {
            if (_envelope is null)
            {
                return null;
            }

            if (_publicIdSource != _envelope.SessionId)
            {
                _publicId = PublicId(_envelope.SessionId);
                _publicIdSource = _envelope.SessionId;
            }

            return _publicId;
        }
    }

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

        _reservedId ??= NewSessionId();
        return PublicId(_reservedId);
    }

    /// <summary>The public identifier of a secret session ID: its SHA-256 hash in base64url (also the server-store key).</summary>
    public static string PublicId(byte[] sessionId) => Base64Url.EncodeToString(SHA256.HashData(sessionId));

    public ValueTask<T> GetModelAsync<T>(CancellationToken cancellationToken) where T : class, ISessionModel<T>
    {
        ThrowIfClosed();
        if (_loaded)
        {
            return new ValueTask<T>(GetOrCreateModel<T>());
        }

        return LoadThenGetAsync<T>(cancellationToken);
    }

    /// <summary>
    /// The synchronous path for APIs that cannot be async (<c>ISession</c>, <c>context.Flash()</c>, constructor
    /// injection). The cookie store loads synchronously; a load that has to wait (a server store, an event handler
    /// that awaits) blocks here, so async code should prefer <see cref="GetModelAsync{T}"/> or load first.
    /// </summary>
    public T GetModel<T>() where T : class, ISessionModel<T>
    {
        EnsureLoaded();
        return GetOrCreateModel<T>();
    }

    /// <summary>Loads the session now if it is not loaded yet (see <see cref="GetModel{T}"/> about blocking).</summary>
    public void EnsureLoaded()
    {
        ThrowIfClosed();
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

    private async ValueTask<T> LoadThenGetAsync<T>(CancellationToken cancellationToken) where T : class, ISessionModel<T>
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        return GetOrCreateModel<T>();
    }

    /// <summary>
    /// Loads the session once per request. Concurrent callers (<c>Task.WhenAll</c> over two models) share the one load;
    /// a load that failed (a store that is down) is tried again by the next use, instead of leaving an empty session
    /// that would replace the stored one when saved.
    /// </summary>
    public ValueTask LoadAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed();
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
        cancellationToken.ThrowIfCancellationRequested();
        var status = _runtime.Cookies.Read(_context.Request, _runtime.CookieName, out var value, out _carriedChunks);
        if (status == CookieReadStatus.None)
        {
            _loaded = true;
            return;
        }

        SessionEnvelope? envelope = null;
        SessionRejectionReason? rejection = status switch
        {
            CookieReadStatus.TooLarge => SessionRejectionReason.TooLarge,
            CookieReadStatus.Malformed => SessionRejectionReason.Malformed,
            _ => null,
        };

        if (rejection is null)
        {
            (envelope, rejection) = await _runtime.Backend.LoadAsync(value, cancellationToken).ConfigureAwait(false);
        }

        _requestHadCookie = true;
        if (envelope is not null)
        {
            var options = _runtime.Options;
            var now = _runtime.Time.GetUtcNow();
            var latest = now + options.MaxClockSkew;
            if (envelope.CreatedAt > latest || envelope.LastSeenAt > latest || envelope.LastSeenAt < envelope.CreatedAt - options.MaxClockSkew)
            {
                // Only a server with a wrong clock (or a forged store entry) writes these; accepting them would stretch
                // both timeouts past what the options allow.
                rejection = SessionRejectionReason.InvalidTimestamps;
            }
            else if (now - envelope.CreatedAt > options.AbsoluteTimeout)
            {
                rejection = SessionRejectionReason.ExpiredAbsolute;
            }
            else if (now - envelope.LastSeenAt > options.IdleTimeout)
            {
                rejection = SessionRejectionReason.ExpiredIdle;
            }
        }

        _loaded = true;
        if (rejection is { } reason)
        {
            string? rejectedId = envelope is null ? null : PublicId(envelope.SessionId);
            if (rejectedId is not null)
            {
                Log.SessionExpired(_runtime.Logger, rejectedId, reason);
            }
            else
            {
                Log.SessionRejected(_runtime.Logger, reason);
            }

            _runtime.Metrics.Rejected(reason);
            await _runtime.Options.Events.Rejected(new ScSessionRejectedContext(_context, rejectedId, reason)).ConfigureAwait(false);
            return;
        }

        _envelope = envelope;
        if (EventHooks.Loaded(_runtime.Options.Events))
        {
            await _runtime.Options.Events.Loaded(new ScSessionContext(_context, SessionId)).ConfigureAwait(false);
        }
    }

    private T GetOrCreateModel<T>() where T : class, ISessionModel<T>
    {
        var section = T.SectionName;
        foreach (var tracked in _tracked)
        {
            if (tracked is TrackedModel<T> typed)
            {
                return typed.Model;
            }

            if (string.Equals(tracked.Section, section, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The session models {tracked.ModelType.FullName} and {typeof(T).FullName} both use the section name '{section}'. " +
                    "Give one of them another name with [SessionModel(Name = \"...\")].");
            }
        }

        T model;
        ReadOnlyMemory<byte> baseline;
        if (_envelope is not null && _envelope.Sections.TryGetValue(section, out var raw))
        {
            model = ReadModel<T>(raw);
            baseline = raw;
        }
        else if (_carried is not null && _carried.Remove(section, out var kept))
        {
            // Kept across a destroy: not stored in any session yet, so anything but defaults is a change to save.
            model = ReadModel<T>(kept);
            baseline = DefaultModelBytes<T>.Value;
        }
        else
        {
            model = T.CreateNew();
            baseline = DefaultModelBytes<T>.Value;
        }

        StoredFieldsCheck<T>.WarnOnceIfNone(_runtime.Logger);
        _tracked.Add(new TrackedModel<T>(model, baseline));
        return model;
    }

    private T ReadModel<T>(ReadOnlyMemory<byte> raw) where T : class, ISessionModel<T>
    {
        var context = new SessionReadContext(T.SectionName);
        try
        {
            var reader = new Utf8JsonReader(raw.Span);
            if (!reader.Read())
            {
                return T.CreateNew();
            }

            var model = T.Read(ref reader, context);
            foreach (var error in context.Errors)
            {
                Log.FieldDropped(_runtime.Logger, error.Section, error.TypeName, error.Field, error.Message);
            }

            return model;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            Log.SectionDropped(_runtime.Logger, T.SectionName, SessionReadContext.DescribeWithoutValue(ex));
            return T.CreateNew();
        }
    }

    /// <summary>
    /// Gives the session a new ID, keeping its data and its creation time (so the absolute timeout still counts from
    /// the first creation, however often it is renewed). On a server store the old ID
    /// stops working at once. A session that was never saved has no ID to renew: it gets a fresh one when first saved.
    /// </summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfResponseCommitted("renew");
        if (_envelope is null)
        {
            return;
        }

        var now = _runtime.Time.GetUtcNow();
        var oldId = _envelope.SessionId;
        var oldLastSeenAt = _envelope.LastSeenAt;
        _envelope.SessionId = NewSessionId();
        _envelope.LastSeenAt = Later(now, _envelope.CreatedAt); // CreatedAt stays: the absolute timeout counts from the first creation
        try
        {
            var write = new SessionWrite(isNew: true, _envelope.CreatedAt, _envelope.LastSeenAt, TimeToLive(_envelope, now), s_noChanges, CurrentOwnerId());
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

        _renewed = true;
        _runtime.Metrics.Renewed();
        Log.SessionRenewed(_runtime.Logger, SessionId!);
        await _runtime.Options.Events.Renewed(new ScSessionContext(_context, SessionId)).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the session: its data is gone, the server copy is deleted at once, and the cookie is expired when the
    /// response starts. Models handed out before are detached; asking again gives fresh ones, and changing those
    /// starts a new session with a new ID. The sections named in <paramref name="keepSections"/> survive: they move to
    /// that new session (models of them handed out before stay attached), which is saved if they hold anything.
    /// </summary>
    public async Task DestroyAsync(IReadOnlyCollection<string>? keepSections, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfResponseCommitted("destroy");
        var destroyedId = SessionId;
        var again = _envelope is null && _destroyed;
        var kept = KeepSections(keepSections);
        if (_envelope is not null)
        {
            await _runtime.Backend.DeleteAsync(_envelope.SessionId).ConfigureAwait(false);
        }

        _envelope = null;
        _carried = kept;
        _renewed = false;
        _destroyed = true;
        if (again)
        {
            return; // a second sign-out in one request (Identity signs out of several schemes): one destruction, one event
        }

        _runtime.Metrics.Destroyed();
        if (destroyedId is not null)
        {
            Log.SessionDestroyed(_runtime.Logger, destroyedId);
        }

        await _runtime.Options.Events.Destroyed(new ScSessionContext(_context, destroyedId)).ConfigureAwait(false);
    }

    /// <summary>
    /// Detaches every model except the kept ones, which stay attached with a baseline of defaults (so they are saved
    /// into the next session when they hold anything); returns the kept sections no model was read for.
    /// </summary>
    private Dictionary<string, ReadOnlyMemory<byte>>? KeepSections(IReadOnlyCollection<string>? keepSections)
    {
        if (keepSections is null || keepSections.Count == 0)
        {
            _tracked.Clear();
            return null;
        }

        _tracked.RemoveAll(t => !keepSections.Contains(t.Section));
        foreach (var tracked in _tracked)
        {
            tracked.Baseline = tracked.DefaultBytes;
        }

        Dictionary<string, ReadOnlyMemory<byte>>? carried = null;
        foreach (var name in keepSections)
        {
            if (_tracked.Exists(t => t.Section == name))
            {
                continue;
            }

            // From the session being destroyed, or, when it is already gone, from what an earlier destroy kept.
            var sections = (IReadOnlyDictionary<string, ReadOnlyMemory<byte>>?)_envelope?.Sections ?? _carried;
            if (sections is not null && sections.TryGetValue(name, out var raw))
            {
                (carried ??= new(StringComparer.Ordinal))[name] = raw;
            }
        }

        return carried;
    }

    private void ThrowIfResponseCommitted(string operation)
    {
        if (_finalCommitDone)
        {
            throw new InvalidOperationException(
                $"Cannot {operation} the session after the response has started: the cookie can no longer be changed. " +
                $"Call it before writing the response body.");
        }
    }

    /// <summary>Marks the request as failed: its session changes are not saved.</summary>
    public void Abandon() => _abandoned = true;

    /// <summary>True once nothing more will be saved: the final save ran (or failed), or the request was abandoned.</summary>
    public bool IsFinalCommitDone => _finalCommitDone || _abandoned;

    /// <summary>
    /// Ends the session's part in the request when the ScSession middleware has finished: from then on every use throws,
    /// because nothing could save it any more.
    /// </summary>
    public void Close() => _closed = true;

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new InvalidOperationException(
                "The session of this request is closed: UseScSession() has finished, so a change made now could never be saved. " +
                "This code runs after the ScSession middleware (in a middleware added before app.UseScSession(), after next() " +
                "returned or after an exception). Use the session in endpoints or in middleware added after app.UseScSession().");
        }
    }

    /// <summary>The final save, when the response starts or the pipeline completes; later changes are reported as lost.</summary>
    public async Task CommitFinalAsync()
    {
        if (_finalCommitDone || _abandoned)
        {
            return;
        }

        _finalCommitDone = true;
        await CommitAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Saves what changed since the last save. May run more than once per request (<c>ISession.CommitAsync</c>, then
    /// the final save); each run writes only the differences.
    /// </summary>
    public async Task CommitAsync()
    {
        ThrowIfClosed();
        if (_abandoned || !_loaded)
        {
            return;
        }

        var now = _runtime.Time.GetUtcNow();
        var changed = CollectChanges();
        if (_carried is { Count: > 0 })
        {
            changed ??= new(StringComparer.Ordinal);
            foreach (var (name, data) in _carried)
            {
                changed.TryAdd(name, data);
            }
        }

        SessionEnvelope envelope;
        bool isNew;
        var slide = false;
        if (_envelope is null)
        {
            if (changed is null)
            {
                if ((_requestHadCookie || _destroyed) && !_context.Response.HasStarted)
                {
                    // A refused or destroyed session: expire its cookie so the browser stops sending it.
                    RemoveCookiesWrittenEarlier();
                    SessionCookieManager.Delete(_context, _runtime.CookieName, BuildCookieOptions(now, null), _carriedChunks);
                    _cookieWritten = true;
                    _requestHadCookie = false;
                    _destroyed = false;
                }

                return;
            }

            ThrowIfOverStoreLimit(s_noChanges, changed);
            envelope = new SessionEnvelope(_reservedId ?? NewSessionId(), now, now);
            isNew = true;
        }
        else
        {
            envelope = _envelope;
            isNew = false;
            slide = now - envelope.LastSeenAt >= _runtime.IdleRefreshInterval;
            if (changed is null && !_renewed && !slide)
            {
                return;
            }

            if (changed is not null)
            {
                ThrowIfOverStoreLimit(envelope.Sections, changed);
            }
        }

        if (changed is not null && EventHooks.Saving(_runtime.Options.Events))
        {
            string[] names = [.. changed.Keys];
            await _runtime.Options.Events.Saving(new ScSessionSavingContext(_context, PublicId(envelope.SessionId), names)).ConfigureAwait(false);
        }

        // The cookie's lifetime follows LastSeenAt: move it only when the cookie is re-issued with it. Never before the
        // creation time, which a server whose clock runs ahead may have written.
        var reissueCookie = _runtime.Backend.DataInCookie || isNew || _renewed || slide;
        var undo = new PendingChanges(envelope, changed, reissueCookie ? Later(now, envelope.CreatedAt) : envelope.LastSeenAt);
        string value;
        try
        {
            // Not cancelled by the client: a change the endpoint made is saved (within StoreTimeout) or fails loudly.
            var write = new SessionWrite(isNew, envelope.CreatedAt, envelope.LastSeenAt, TimeToLive(envelope, now), changed ?? s_noChanges, CurrentOwnerId());
            value = await _runtime.Backend.SaveAsync(envelope, write).ConfigureAwait(false);
            if (reissueCookie)
            {
                WriteCookie(now, envelope, value);
            }
        }
        catch
        {
            // Nothing was saved: the envelope and the baselines stay as they were, so a later save tries again
            // (a new session stays new: its ID is kept for that save).
            undo.Revert();
            if (isNew)
            {
                _reservedId = envelope.SessionId;
            }

            throw;
        }

        _envelope = envelope;
        _reservedId = null;
        if (changed is not null)
        {
            foreach (var tracked in _tracked)
            {
                if (changed.TryGetValue(tracked.Section, out var bytes))
                {
                    tracked.Baseline = bytes;
                }
            }
        }

        _renewed = false;
        _destroyed = false;
        _carried = null;
        _runtime.Metrics.Saved(_runtime.Backend.DataInCookie ? value.Length : SumSectionSizes(envelope));
        if (changed is not null && _runtime.Logger.IsEnabled(LogLevel.Debug))
        {
            Log.SessionSaved(_runtime.Logger, SessionId!, string.Join(", ", changed.Keys));
        }

        if (isNew)
        {
            _runtime.Metrics.Created();
            if (EventHooks.Created(_runtime.Options.Events))
            {
                await _runtime.Options.Events.Created(new ScSessionContext(_context, SessionId)).ConfigureAwait(false);
            }
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Changes applied to an envelope for one save, with what they replaced, so a failed save can undo them.</summary>
    private readonly struct PendingChanges
    {
        private readonly SessionEnvelope _envelope;
        private readonly DateTimeOffset _lastSeenAt;
        private readonly List<(string Name, ReadOnlyMemory<byte>? Previous)>? _replaced;

        public PendingChanges(SessionEnvelope envelope, Dictionary<string, ReadOnlyMemory<byte>>? changed, DateTimeOffset lastSeenAt)
        {
            _envelope = envelope;
            _lastSeenAt = envelope.LastSeenAt;
            envelope.LastSeenAt = lastSeenAt;
            if (changed is null)
            {
                return;
            }

            _replaced = new(changed.Count);
            foreach (var (name, bytes) in changed)
            {
                _replaced.Add((name, envelope.Sections.TryGetValue(name, out var previous) ? previous : null));
                envelope.Sections[name] = bytes;
            }
        }

        public void Revert()
        {
            _envelope.LastSeenAt = _lastSeenAt;
            foreach (var (name, previous) in _replaced ?? [])
            {
                if (previous is { } bytes)
                {
                    _envelope.Sections[name] = bytes;
                }
                else
                {
                    _envelope.Sections.Remove(name);
                }
            }
        }
    }

    /// <summary>After the response has started: reports models changed since the last save (those changes are lost).</summary>
    public async Task CheckLateChangesAsync()
    {
        if (!_finalCommitDone || _abandoned || _tracked.Count == 0)
        {
            return;
        }

        var changed = CollectChanges();
        if (changed is null)
        {
            return;
        }

        var names = new List<string>(changed.Keys);
        Log.ChangeLost(_runtime.Logger, SessionId, string.Join(", ", names));
        await _runtime.Options.Events.ChangeLost(new ScSessionLateChangeContext(_context, SessionId, names)).ConfigureAwait(false);
    }

    private Dictionary<string, ReadOnlyMemory<byte>>? CollectChanges()
    {
        if (_tracked.Count == 0)
        {
            return null;
        }

        Dictionary<string, ReadOnlyMemory<byte>>? changed = null;
        // One writer and buffer per thread, reused: taken for the duration of this synchronous loop (no await).
        var cached = t_changeWriter ?? new ChangeWriter();
        t_changeWriter = null;
        try
        {
            var buffer = cached.Buffer;
            var writer = cached.Writer;
            foreach (var tracked in _tracked)
            {
                buffer.Clear();
                writer.Reset(buffer);
                tracked.Write(writer);
                writer.Flush();
                if (!buffer.WrittenSpan.SequenceEqual(tracked.Baseline.Span))
                {
                    (changed ??= new(StringComparer.Ordinal))[tracked.Section] = buffer.WrittenSpan.ToArray();
                }
            }
        }
        finally
        {
            if (cached.Buffer.Capacity <= ChangeWriter.MaxRetainedBytes)
            {
                cached.Buffer.Clear();
                t_changeWriter = cached;
            }
            else
            {
                cached.Dispose();
            }
        }

        return changed;
    }

    /// <summary>A JSON writer over a pooled buffer, kept per thread between requests (large buffers are not kept).</summary>
    private sealed class ChangeWriter : IDisposable
    {
        public const int MaxRetainedBytes = 16 * 1024;

        public PooledBufferWriter Buffer { get; } = new(1024);

        public Utf8JsonWriter Writer { get; }

        public ChangeWriter() => Writer = new Utf8JsonWriter(Buffer, TrackedModel.WriterOptions);

        public void Dispose()
        {
            Writer.Dispose();
            Buffer.Dispose();
        }
    }

    /// <summary>The session's owner for a store's index; read only when a store is in use and an owner section exists.</summary>
    private string? CurrentOwnerId()
    {
        if (_runtime.Backend.DataInCookie)
        {
            return null;
        }

        var hasOwner = _envelope?.Sections.ContainsKey(OwnerSection.SectionName) == true
            || _tracked.Exists(t => t.ModelType == typeof(OwnerSection));
        return hasOwner ? GetOrCreateModel<OwnerSection>().OwnerId : null;
    }

    private void WriteCookie(DateTimeOffset now, SessionEnvelope envelope, string value)
    {
        var options = BuildCookieOptions(now, envelope);
        _runtime.WarnIfSecureCookieOverHttp(_context.Request, options.Secure);
        var (perChunk, total) = _runtime.Cookies.GetCapacity(_runtime.CookieName, options, cacheable: _runtime.Options.Cookie.Extensions.Count == 0);
        if (value.Length > total)
        {
            throw SessionSizeLimit.ForCookie(envelope.Sections, value.Length, total, perChunk, _runtime.Options.MaxCookieChunks);
        }

        RemoveCookiesWrittenEarlier();
        _runtime.Cookies.Write(_context, _runtime.CookieName, value, options, perChunk, _carriedChunks);
        _cookieWritten = true;
    }

    /// <summary>
    /// A second save in one request replaces the first one's <c>Set-Cookie</c> headers instead of adding to them, so
    /// a response never carries more than <c>MaxCookieChunks + 1</c> of them for the session.
    /// </summary>
    private void RemoveCookiesWrittenEarlier()
    {
        if (_cookieWritten)
        {
            SessionCookieManager.RemovePendingCookies(_context, _runtime.CookieName);
        }
    }

    /// <summary>On a server store, refuses a save that would grow the session over <see cref="ScSessionOptions.MaxSessionSize"/>.</summary>
    private void ThrowIfOverStoreLimit(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, Dictionary<string, ReadOnlyMemory<byte>> changed)
    {
        if (_runtime.Backend.DataInCookie)
        {
            return; // bounded by the cookie budget instead
        }

        var limit = _runtime.Options.MaxSessionSize;
        var size = SessionSizeLimit.StoredSize(sections, changed);
        if (size > limit)
        {
            throw SessionSizeLimit.ForStore(sections, changed, size, limit); // logged once, by the host, where it is handled
        }
    }

    private CookieOptions BuildCookieOptions(DateTimeOffset now, SessionEnvelope? envelope)
    {
        var options = _runtime.Options.Cookie.Build(_context, now);
        if (envelope is not null)
        {
            var expires = ExpiresAt(envelope);
            options.Expires = expires;
            options.MaxAge = expires - now;
        }

        return options;
    }

    private DateTimeOffset ExpiresAt(SessionEnvelope envelope)
    {
        var idleEnd = envelope.LastSeenAt + _runtime.Options.IdleTimeout;
        var absoluteEnd = envelope.CreatedAt + _runtime.Options.AbsoluteTimeout;
        return idleEnd < absoluteEnd ? idleEnd : absoluteEnd;
    }

    private TimeSpan TimeToLive(SessionEnvelope envelope, DateTimeOffset now) => ExpiresAt(envelope) - now;

    private static int SumSectionSizes(SessionEnvelope envelope)
    {
        var size = 0;
        foreach (var section in envelope.Sections.Values)
        {
            size += section.Length;
        }

        return size;
    }

    private static byte[] NewSessionId() => RandomNumberGenerator.GetBytes(SessionEnvelope.SessionIdLength);
}
