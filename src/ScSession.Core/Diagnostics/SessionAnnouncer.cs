using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ScSession.Internal;

/// <summary>
/// What a request's session tells the application at each step of its life — a log entry, a metric, an event — in
/// one place, so the request logic reads without them. Only public IDs and section names are passed on, never stored
/// values; an event nobody handles costs no context object.
/// </summary>
internal static class SessionAnnouncer
{
    /// <summary><c>OnRejected</c> for a refused cookie, <c>OnLoaded</c> for an accepted session; nothing without a cookie.</summary>
    public static async ValueTask LoadedAsync(HttpContext context, ScSessionRuntime runtime, SessionLoadResult result)
    {
        var events = runtime.Options.Events;
        if (result.Rejection is { } reason)
        {
            var rejectedId = result.Envelope is null ? null : result.Envelope.PublicId;
            if (rejectedId is not null)
            {
                Log.SessionExpired(runtime.Logger, rejectedId, reason);
            }
            else
            {
                Log.SessionRejected(runtime.Logger, reason);
            }

            runtime.Metrics.Rejected(reason);
            await events.Rejected(new ScSessionRejectedContext(context, rejectedId, reason)).ConfigureAwait(false);
        }
        else if (result.Envelope is { } accepted && EventHooks.Loaded(events))
        {
            await events.Loaded(new ScSessionContext(context, accepted.PublicId)).ConfigureAwait(false);
        }
    }

    public static Task RenewedAsync(HttpContext context, ScSessionRuntime runtime, string sessionId)
    {
        runtime.Metrics.Renewed();
        Log.SessionRenewed(runtime.Logger, sessionId);
        return runtime.Options.Events.Renewed(new ScSessionContext(context, sessionId));
    }

    public static Task DestroyedAsync(HttpContext context, ScSessionRuntime runtime, string? sessionId)
    {
        runtime.Metrics.Destroyed();
        if (sessionId is not null)
        {
            Log.SessionDestroyed(runtime.Logger, sessionId);
        }

        return runtime.Options.Events.Destroyed(new ScSessionContext(context, sessionId));
    }

    /// <summary><c>OnSaving</c>, before a save that stores changed sections.</summary>
    public static Task SavingAsync(HttpContext context, ScSessionRuntime runtime, SessionEnvelope envelope, Dictionary<string, ReadOnlyMemory<byte>>? changed)
    {
        if (changed is null || !EventHooks.Saving(runtime.Options.Events))
        {
            return Task.CompletedTask;
        }

        string[] names = [.. changed.Keys];
        return runtime.Options.Events.Saving(new ScSessionSavingContext(context, envelope.PublicId, names));
    }

    /// <summary>
    /// After a save: the size metric, the debug log of what changed, and for a new session <c>OnCreated</c>. The public
    /// ID (a SHA-256) is computed only when a log or a handler takes it.
    /// </summary>
    public static Task SavedAsync(HttpContext context, ScSessionRuntime runtime, SessionEnvelope envelope, string cookieValue, Dictionary<string, ReadOnlyMemory<byte>>? changed, bool isNew)
    {
        runtime.Metrics.Saved(runtime.Backend.DataInCookie ? cookieValue.Length : envelope.DataLength);
        if (changed is not null && runtime.Logger.IsEnabled(LogLevel.Debug))
        {
            Log.SessionSaved(runtime.Logger, envelope.PublicId, string.Join(", ", changed.Keys));
        }

        if (!isNew)
        {
            return Task.CompletedTask;
        }

        runtime.Metrics.Created();
        return EventHooks.Created(runtime.Options.Events)
            ? runtime.Options.Events.Created(new ScSessionContext(context, envelope.PublicId))
            : Task.CompletedTask;
    }

    /// <summary>A change made after the response started, which could not be saved: logged and <c>OnChangeLost</c>.</summary>
    public static Task ChangeLostAsync(HttpContext context, ScSessionRuntime runtime, string? sessionId, Dictionary<string, ReadOnlyMemory<byte>> changed)
    {
        var names = new List<string>(changed.Keys);
        Log.ChangeLost(runtime.Logger, sessionId, string.Join(", ", names));
        return runtime.Options.Events.ChangeLost(new ScSessionLateChangeContext(context, sessionId, names));
    }

    /// <summary>A save refused because another request changed an optimistic model meanwhile: the metric and <c>OnConflict</c>.</summary>
    public static Task ConflictAsync(HttpContext context, ScSessionRuntime runtime, SessionEnvelope envelope, SessionConflictException conflict)
    {
        runtime.Metrics.Conflict();
        return runtime.Options.Events.Conflict(new ScSessionConflictContext(context, envelope.PublicId, conflict.Sections));
    }
}
