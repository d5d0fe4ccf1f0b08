using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ScSession.Internal;

namespace ScSession;

/// <summary>
/// Binds the ScSession session to each request: the session is read lazily on first use and saved before the first
/// byte of the response (or when the pipeline completes without a body), writing only what changed. A save that fails
/// throws where the application's exception handling still sees it. Added by <c>app.UseScSession()</c>.
/// </summary>
public sealed class ScSessionMiddleware
{
    private static readonly Func<object, Task> s_passGateOnStarting = ResponseStartGate.PassFromServer;

    private readonly RequestDelegate _next;
    private readonly ScSessionRuntime _runtime;

    private readonly bool _preload;

    internal ScSessionMiddleware(RequestDelegate next, ScSessionRuntime runtime)
    {
        _next = next;
        _runtime = runtime;
        _preload = !runtime.Backend.DataInCookie && runtime.Options.PreloadFromStore;
    }

    /// <summary>
    /// The save failed at the first write and that failure was thrown to the writer. If the response has not started,
    /// it is thrown again here (the endpoint swallowed it), for the app's error handling. If it has, either an exception
    /// handler inside UseScSession() rendered its page and logged it, or the endpoint swallowed it and wrote on: then it
    /// is logged here, once, since nothing else will.
    /// </summary>
    private void ReportFailedSave(HttpContext context, ResponseStartGate gate)
    {
        var failure = gate.Failure ?? new InvalidOperationException("The session could not be saved.");
        if (!context.Response.HasStarted)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null)
        {
            Log.SaveFailedAndSwallowed(_runtime.Logger, failure);
        }
    }

    /// <summary>
    /// Releases the leases of exclusive models once no save of this request can still be running: a save that started
    /// (the endpoint began writing) and is still on its way when the endpoint threw is waited for, so the next request
    /// does not read the model before that save lands. Its outcome was already thrown to the writer, or is moot.
    /// </summary>
    private static async Task ReleaseLeasesAfterSaveAsync(SessionState state, ResponseStartGate gate)
    {
        if (gate.Pending is { } saving)
        {
            try
            {
                await saving.ConfigureAwait(false);
            }
            catch
            {
                // Reported where it was thrown (or, for a request that failed anyway, moot).
            }
        }

        await state.ReleaseLeasesAsync().ConfigureAwait(false);
    }

    /// <summary>Processes one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var features = context.Features;

        // A second pass through the pipeline for the same request (UseStatusCodePagesWithReExecute, an exception
        // handler before UseScSession()) goes on from what the first pass saved, not from the request's old cookie.
        var state = new SessionState(context, _runtime, previous: features.Get<SessionState>());
        features.Set(state);
        SessionFeatureInstaller.Install(context, state); // HttpContext.Session on the same session

        // The first write runs the OnStarting callbacks registered inside and then saves the session, so a failed save
        // reaches the application's exception handling; the server's own OnStarting remains for a response started
        // another way (where a failure can only abort the response).
        var gate = new ResponseStartGate(context, state);
        var response = features.Get<IHttpResponseFeature>();
        var body = features.Get<IHttpResponseBodyFeature>();
        SessionCommittingResponseBody? committingBody = null;
        if (response is not null && body is not null)
        {
            response.OnStarting(s_passGateOnStarting, gate);
            committingBody = new SessionCommittingResponseBody(body, gate);
            features.Set<IHttpResponseFeature>(new GatedResponseFeature(response, gate));
            features.Set<IHttpResponseBodyFeature>(committingBody);
        }
        else
        {
            context.Response.OnStarting(s_passGateOnStarting, gate);
        }

        try
        {
            try
            {
                if (_preload && SessionCookieManager.HasCookie(context.Request, _runtime.CookieName))
                {
                    // A server store is I/O: load asynchronously now so no synchronous API has to wait for it later.
                    await state.LoadAsync(context.RequestAborted).ConfigureAwait(false);
                }

                await _next(context).ConfigureAwait(false);
            }
            catch
            {
                // A failed request saves nothing: the error page that follows must not persist half-done changes.
                state.Abandon();
                throw;
            }

            if (gate.Failed)
            {
                ReportFailedSave(context, gate);
            }
            else if (!context.Response.HasStarted)
            {
                // Nothing reached the client: save here, where a failure is still the app's. When something was written
                // (kept by a middleware that buffers the body), a change made after it can still be saved too.
                var passedBefore = gate.Passed;
                await (committingBody?.CommitAsync() ?? gate.PassAsync()).ConfigureAwait(false); // and hands on bytes held meanwhile
                if (passedBefore)
                {
                    await state.CommitAsync().ConfigureAwait(false);
                }
            }
            else
            {
                await state.CheckLateChangesAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            // As ASP.NET Core's session middleware does: what runs after this (middleware added before UseScSession(),
            // an exception handler re-executing the pipeline) sees no session, and a session object kept from before
            // refuses changes it could never save.
            state.Close();
            await ReleaseLeasesAfterSaveAsync(state, gate).ConfigureAwait(false);
            if (response is not null && body is not null)
            {
                features.Set(response);
                features.Set(body);
            }

            features.Set<ISessionFeature>(null);
        }
    }
}
