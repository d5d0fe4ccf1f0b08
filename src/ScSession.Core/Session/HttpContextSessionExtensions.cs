using Microsoft.AspNetCore.Http;
using ScSession.Internal;

namespace ScSession;

/// <summary>Session access from anywhere that has an <see cref="HttpContext"/>.</summary>
public static class HttpContextSessionExtensions
{
    /// <summary>
    /// Gets the typed session model <typeparamref name="T"/> of this request: the stored one, or a new one
    /// holding defaults. Changes to it (including in-place changes to its collections) are saved when the
    /// response starts.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ScSession middleware is not in the pipeline.</exception>
    public static ValueTask<T> GetSessionAsync<T>(this HttpContext context) where T : class, ISessionModel<T>
    {
        ArgumentNullException.ThrowIfNull(context);
        return SessionState.From(context).GetModelAsync<T>(context.RequestAborted);
    }

    /// <summary>
    /// The flash messages of this request's session: add a message before a redirect, take it on the page that
    /// follows. Messages stay in the session until they are taken (see <see cref="FlashMessages"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The ScSession middleware is not in the pipeline.</exception>
    public static FlashMessages Flash(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new FlashMessages(SessionState.From(context));
    }

    /// <summary>
    /// Loads the request's session now. Optional: sessions load on first use. Useful before synchronous APIs
    /// (<c>HttpContext.Session</c>, <c>context.Flash()</c>) so they never wait on I/O.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ScSession middleware is not in the pipeline.</exception>
    public static ValueTask LoadSessionAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SessionState.From(context).LoadAsync(context.RequestAborted);
    }
}
