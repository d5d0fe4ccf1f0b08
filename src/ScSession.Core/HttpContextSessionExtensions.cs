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
}
