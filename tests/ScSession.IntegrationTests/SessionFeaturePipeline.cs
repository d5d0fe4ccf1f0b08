using Microsoft.AspNetCore.Builder;
using ScSession.Internal;

namespace ScSession.IntegrationTests;

/// <summary>
/// Installs ScSession's <c>ISessionFeature</c> for test hosts, after <c>app.UseScSession()</c>. Stands in for the
/// one-line call the middleware will make (<c>ScSessionFeature.Install(context, state)</c>); harmless after that.
/// </summary>
public static class SessionFeaturePipeline
{
    public static void UseScSessionFeature(IApplicationBuilder app)
        => app.Use((context, next) =>
        {
            ScSessionFeature.Install(context, SessionState.From(context));
            return next(context);
        });
}
