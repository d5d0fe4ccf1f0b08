using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ScSession.Internal;

/// <summary>
/// The session of one request: loads lazily on first use, hands out typed models, and on commit writes only
/// what changed (by comparing each model's serialized bytes with what was loaded).
/// </summary>
internal sealed class SessionState
{
    private readonly HttpContext _context;
    private readonly ScSessionRuntime _runtime;
    private readonly List<TrackedModel> _tracked = new(2);

    private bool _loaded;
    private SessionEnvelope? _envelope;
    private bool _requestHadCookie;
    private int _requestChunkCount;
    private bool _committed;
    private bool _abandoned;

    public SessionState(HttpContext context, ScSessionRuntime runtime)
    {
        _context = context;
        _runtime = runtime;
    }

    public static SessionState From(HttpContext context)
        => context.Features.Get<SessionState>()
           ?? throw new InvalidOperationException(
               "ScSession is not available for this request. Add builder.Services.AddScSession() and call app.UseScSession() before the endpoints that use sessions.");

    /// <summary>The session ID (base64url), or null while the session is new and unsaved.</summary>
    public string? SessionId => _envelope is null ? null : Base64Url.EncodeToString(_envelope.SessionId);

    /// <summary>True once the response started and the session was written (or found unchanged).</summary>
    public bool IsCommitted => _committed;

    public ValueTask<T> GetModelAsync<T>(CancellationToken cancellationToken) where T : class, ISessionModel<T>
    {
        if (_loaded)
        {
            return new ValueTask<T>(GetOrCreateModel<T>());
        }

        return LoadThenGetAsync<T>(cancellationToken);
    }

    /// <summary>
    /// The synchronous path for APIs that cannot be async (<c>ISession</c>, <c>context.Flash()</c>, constructor
    /// injection). The cookie store loads synchronously; a load that has to wait (an event handler that awaits)
    /// blocks here, so async code should prefer <see cref="GetModelAsync{T}"/>.
    /// </summary>
    public T GetModel<T>() where T : class, ISessionModel<T>
    {
        EnsureLoaded();
        return GetOrCreateModel<T>();
    }

    /// <summary>Loads the session now if it is not loaded yet (see <see cref="GetModel{T}"/> about blocking).</summary>
    public void EnsureLoaded()
    {
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

    public bool IsLoaded => _loaded;

    private async ValueTask<T> LoadThenGetAsync<T>(CancellationToken cancellationToken) where T : class, ISessionModel<T>
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        return GetOrCreateModel<T>();
    }

    public async ValueTask LoadAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        _loaded = true;
        var status = _runtime.Cookies.Read(_context.Request, _runtime.CookieName, out var value, out _requestChunkCount);
        if (status == CookieReadStatus.None)
        {
            return;
        }

        _requestHadCookie = true;
        SessionRejectionReason? rejection = status switch
        {
            CookieReadStatus.TooLarge => SessionRejectionReason.TooLarge,
            CookieReadStatus.Malformed => SessionRejectionReason.Malformed,
            _ => null,
        };

        SessionEnvelope? envelope = null;
        if (rejection is null)
        {
            rejection = _runtime.Codec.TryDecode(value!, out envelope) switch
            {
                CookieDecodeStatus.Success => null,
                CookieDecodeStatus.Tampered => SessionRejectionReason.Tampered,
                CookieDecodeStatus.UnknownKey => SessionRejectionReason.UnknownKey,
                _ => SessionRejectionReason.Malformed,
            };
        }

        if (envelope is not null)
        {
            var options = _runtime.Options;
            var now = _runtime.Time.GetUtcNow();
            if (now - envelope.CreatedAt > options.AbsoluteTimeout)
            {
                rejection = SessionRejectionReason.ExpiredAbsolute;
            }
            else if (now - envelope.LastSeenAt > options.IdleTimeout)
            {
                rejection = SessionRejectionReason.ExpiredIdle;
            }
        }

        if (rejection is { } reason)
        {
            string? rejectedId = envelope is null ? null : Base64Url.EncodeToString(envelope.SessionId);
            if (rejectedId is not null)
            {
                Log.SessionExpired(_runtime.Logger, rejectedId, reason);
            }
            else
            {
                Log.SessionRejected(_runtime.Logger, reason);
            }

            await _runtime.Options.Events.Rejected(new ScSessionRejectedContext(_context, rejectedId, reason)).ConfigureAwait(false);
            return;
        }

        _envelope = envelope;
        await _runtime.Options.Events.Loaded(new ScSessionContext(_context, SessionId)).ConfigureAwait(false);
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
        else
        {
            model = T.CreateNew();
            baseline = DefaultModelBytes<T>.Value;
        }

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
            Log.SectionDropped(_runtime.Logger, T.SectionName, ex);
            return T.CreateNew();
        }
    }

    /// <summary>Marks the request as failed: its session changes are not saved.</summary>
    public void Abandon() => _abandoned = true;

    /// <summary>Saves what changed. Runs once, when the response starts or when the middleware completes.</summary>
    public async Task CommitAsync()
    {
        if (_committed || _abandoned)
        {
            return;
        }

        _committed = true;
        if (!_loaded)
        {
            return;
        }

        var now = _runtime.Time.GetUtcNow();
        var changed = CollectChanges();
        if (changed is null)
        {
            if (_envelope is null)
            {
                if (_requestHadCookie)
                {
                    // The client sent a cookie we refused: clear it so it is not sent again.
                    _runtime.Cookies.Delete(_context, _runtime.CookieName, BuildCookieOptions(now, null), _requestChunkCount);
                }

                return;
            }

            if (now - _envelope.LastSeenAt >= _runtime.IdleRefreshInterval)
            {
                _envelope.LastSeenAt = now;
                WriteCookie(now);
            }

            return;
        }

        var created = false;
        if (_envelope is null)
        {
            _envelope = new SessionEnvelope(NewSessionId(), now, now);
            created = true;
        }

        var names = new string[changed.Count];
        for (var i = 0; i < changed.Count; i++)
        {
            names[i] = changed[i].Tracked.Section;
        }

        await _runtime.Options.Events.Saving(new ScSessionSavingContext(_context, SessionId, names)).ConfigureAwait(false);

        foreach (var (tracked, bytes) in changed)
        {
            _envelope.Sections[tracked.Section] = bytes;
            tracked.Baseline = bytes;
        }

        _envelope.LastSeenAt = now;
        WriteCookie(now);
        if (_runtime.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            Log.SessionSaved(_runtime.Logger, SessionId!, string.Join(", ", names));
        }

        if (created)
        {
            await _runtime.Options.Events.Created(new ScSessionContext(_context, SessionId)).ConfigureAwait(false);
        }
    }

    /// <summary>After the response has started: reports models changed since the commit (those changes are lost).</summary>
    public async Task CheckLateChangesAsync()
    {
        if (!_committed || _abandoned || _tracked.Count == 0)
        {
            return;
        }

        var changed = CollectChanges();
        if (changed is null)
        {
            return;
        }

        var names = changed.ConvertAll(c => c.Tracked.Section);
        Log.ChangeLost(_runtime.Logger, SessionId, string.Join(", ", names));
        await _runtime.Options.Events.ChangeLost(new ScSessionLateChangeContext(_context, SessionId, names)).ConfigureAwait(false);
    }

    private List<(TrackedModel Tracked, byte[] Bytes)>? CollectChanges()
    {
        if (_tracked.Count == 0)
        {
            return null;
        }

        List<(TrackedModel, byte[])>? changed = null;
        using var buffer = new PooledBufferWriter(1024);
        using var writer = new Utf8JsonWriter(buffer, TrackedModel.WriterOptions);
        foreach (var tracked in _tracked)
        {
            buffer.Clear();
            writer.Reset(buffer);
            tracked.Write(writer);
            writer.Flush();
            if (!buffer.WrittenSpan.SequenceEqual(tracked.Baseline.Span))
            {
                (changed ??= []).Add((tracked, buffer.WrittenSpan.ToArray()));
            }
        }

        return changed;
    }

    private void WriteCookie(DateTimeOffset now)
    {
        Debug.Assert(_envelope is not null);
        var options = BuildCookieOptions(now, _envelope);
        var (perChunk, total) = _runtime.Cookies.GetCapacity(_runtime.CookieName, options);
        var value = _runtime.Codec.Encode(_envelope);
        if (value.Length > total)
        {
            var exception = CreateTooLargeException(value.Length, total, perChunk);
            Log.SessionTooLarge(_runtime.Logger, SessionId, exception.Message);
            throw exception;
        }

        _runtime.Cookies.Write(_context, _runtime.CookieName, value, options, perChunk, _requestChunkCount);
    }

    private SessionTooLargeException CreateTooLargeException(int size, int limit, int perChunk)
    {
        var sizes = _envelope!.Sections
            .Select(s => new KeyValuePair<string, int>(s.Key, s.Value.Length))
            .OrderByDescending(s => s.Value)
            .ToList();
        var listed = string.Join(", ", sizes.Select(s => $"{s.Key} {s.Value:N0} bytes"));
        var options = _runtime.Options;
        var message =
            $"The session is too large for its cookie: it encodes to {size:N0} characters, over the budget of {limit:N0} " +
            $"({options.MaxCookieChunks} cookies of {perChunk:N0}). Sections by serialized size: {listed}. " +
            "Keep less in the session (store IDs, not whole objects), raise ScSessionOptions.MaxCookieChunks, or use a server-side store.";
        return new SessionTooLargeException(message, size, limit, sizes);
    }

    private CookieOptions BuildCookieOptions(DateTimeOffset now, SessionEnvelope? envelope)
    {
        var options = _runtime.Options.Cookie.Build(_context, now);
        if (envelope is not null)
        {
            var idleEnd = envelope.LastSeenAt + _runtime.Options.IdleTimeout;
            var absoluteEnd = envelope.CreatedAt + _runtime.Options.AbsoluteTimeout;
            var expires = idleEnd < absoluteEnd ? idleEnd : absoluteEnd;
            options.Expires = expires;
            options.MaxAge = expires - now;
        }

        return options;
    }

    private static byte[] NewSessionId() => RandomNumberGenerator.GetBytes(SessionEnvelope.SessionIdLength);
}
