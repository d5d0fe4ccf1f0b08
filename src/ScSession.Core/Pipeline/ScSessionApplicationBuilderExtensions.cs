using Microsoft.Extensions.DependencyInjection;
using ScSession;
using ScSession.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the ScSession middleware.</summary>
public static class ScSessionApplicationBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="ScSessionMiddleware"/>: requests after it can use typed session models. Call it before the
    /// endpoints (and after <c>UseRouting</c>/authentication if those need no session).
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddScSession()</c> was not called.</exception>
    public static IApplicationBuilder UseScSession(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var runtime = app.ApplicationServices.GetService<ScSessionRuntime>()
            ?? throw new InvalidOperationException(
                "ScSession's services are missing. Call builder.Services.AddScSession() before app.UseScSession().");
        return app.Use(next => new ScSessionMiddleware(next, runtime).InvokeAsync);
    }
}
