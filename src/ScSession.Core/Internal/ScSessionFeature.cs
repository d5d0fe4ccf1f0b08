using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ScSession.Internal;

/// <summary>
/// Makes <c>HttpContext.Session</c> (ASP.NET Core's <see cref="ISession"/>) work on the ScSession session of the
/// request, so existing code, <c>GetString</c>/<c>SetString</c> and friends keep working.
/// </summary>
internal sealed class ScSessionFeature : ISessionFeature
{
    private readonly SessionState _state;
    private ISession? _session;

    private ScSessionFeature(SessionState state) => _state = state;

    /// <summary>The request's <see cref="ISession"/>, created on first use.</summary>
    public ISession Session
    {
        get => _session ??= new UntypedSession(_state);
        set => _session = value;
    }

    /// <summary>
    /// Installs the feature for one request. Called by the ScSession middleware right after it adds the
    /// <see cref="SessionState"/> to the request's features. Cheap: nothing is loaded until the session is used.
    /// </summary>
    internal static void Install(HttpContext context, SessionState state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        context.Features.Set<ISessionFeature>(new ScSessionFeature(state));
    }
}
