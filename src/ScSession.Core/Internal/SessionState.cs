using Microsoft.AspNetCore.Http;

namespace ScSession.Internal;

internal sealed class SessionState
{
    public static SessionState From(HttpContext context)
        => context.Features.Get<SessionState>()
           ?? throw new InvalidOperationException(
               "ScSession is not available for this request. Call app.UseScSession() before the endpoints that use sessions.");

    public ValueTask<T> GetModelAsync<T>(CancellationToken cancellationToken) where T : class, ISessionModel<T>
        => throw new NotImplementedException();
}
