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

    /// <summary>Processes one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var features = context.Features;
        var state = new SessionState(context, _runtime);
        features.Set(state);
        ScSessionFeature.Install(context, state); // HttpContext.Session on the same session

        // The first write runs the OnStarting callbacks registered inside and then saves the session, so a failed save
        // reaches the application's exception handling; the server's own OnStarting remains for a response started
        // another way (where a failure can only abort the response).
        var gate = new ResponseStartGate(state);
        var response = features.Get<IHttpResponseFeature>();
        var body = features.Get<IHttpResponseBodyFeature>();
        if (response is not null && body is not null)
        {
            response.OnStarting(s_passGateOnStarting, gate);
            features.Set<IHttpResponseFeature>(new GatedResponseFeature(response, gate));
            features.Set<IHttpResponseBodyFeature>(new SessionCommittingResponseBody(body, gate));
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

            if (!context.Response.HasStarted)
            {
                await gate.PassAsync().ConfigureAwait(false); // nothing was written: save here, where a failure is still the app's
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
            if (response is not null && body is not null)
            {
                features.Set(response);
                features.Set(body);
            }

            features.Set<ISessionFeature>(null);
        }
    }
}
