using Microsoft.AspNetCore.Http;
using ScSession.Internal;

namespace ScSession;

/// <summary>
/// Binds the ScSession session to each request: the session is read lazily on first use and saved when the
/// response starts (or when the pipeline completes without a response body), writing only what changed.
/// Added by <c>app.UseScSession()</c>.
/// </summary>
public sealed class ScSessionMiddleware
{
    private static readonly Func<object, Task> s_commitOnStarting = static state => ((SessionState)state).CommitFinalAsync();

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
        var state = new SessionState(context, _runtime);
        context.Features.Set(state);
        ScSessionFeature.Install(context, state); // HttpContext.Session on the same session
        context.Response.OnStarting(s_commitOnStarting, state);

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
            await state.CommitFinalAsync().ConfigureAwait(false);
        }
        else
        {
            await state.CheckLateChangesAsync().ConfigureAwait(false);
        }
    }
}
