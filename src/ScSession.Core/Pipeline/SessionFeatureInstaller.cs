using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ScSession.Internal;

/// <summary>
/// Makes <c>HttpContext.Session</c> (ASP.NET Core's <see cref="ISession"/>) work on the ScSession session of the
/// request, so existing code, <c>GetString</c>/<c>SetString</c> and friends keep working. The
/// <see cref="SessionState"/> is itself the <see cref="ISessionFeature"/>: one object per request, not two.
/// </summary>
internal static class SessionFeatureInstaller
{
    /// <summary>
    /// Installs the feature for one request. Called by the ScSession middleware right after it adds the
    /// <see cref="SessionState"/> to the request's features. Cheap: nothing is loaded until the session is used.
    /// </summary>
    internal static void Install(HttpContext context, SessionState state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        context.Features.Set<ISessionFeature>(state);
    }
}
