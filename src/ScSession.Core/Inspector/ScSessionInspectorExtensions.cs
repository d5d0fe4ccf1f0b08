using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScSession;
using ScSession.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the session inspector.</summary>
public static class ScSessionInspectorExtensions
{
    /// <summary>
    /// Maps the session inspector at <c>/_scsession</c> in the Development environment: a page showing the current
    /// request's session — each section as formatted JSON with its size against the cookie budget (or the store's
    /// <see cref="ScSessionOptions.MaxSessionSize"/>), created and last seen, idle and absolute expiry, the store and
    /// the cookie's chunk count — and the same as JSON at <c>/_scsession/session.json</c>. It never shows another
    /// session, the cookie's value or a key. Outside Development it maps nothing (the path answers 404) unless
    /// <see cref="ScSessionInspectorOptions.EnableOutsideDevelopment"/> is set, and then only behind
    /// <see cref="ScSessionInspectorOptions.AuthorizationPolicy"/>.
    /// </summary>
    /// <returns>The endpoints' convention builder (one that changes nothing when nothing was mapped).</returns>
    /// <exception cref="InvalidOperationException">
    /// <c>AddScSession()</c> was not called, or the inspector is enabled outside Development without a policy.
    /// </exception>
    public static IEndpointConventionBuilder MapScSessionInspector(this IEndpointRouteBuilder endpoints, Action<ScSessionInspectorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = new ScSessionInspectorOptions();
        configure?.Invoke(options);
        var runtime = endpoints.ServiceProvider.GetService<ScSessionRuntime>()
            ?? throw new InvalidOperationException("ScSession's services are missing. Call builder.Services.AddScSession() before app.MapScSessionInspector().");
        var development = endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment();
        if (!development && !options.EnableOutsideDevelopment)
        {
            return NothingMapped.Instance;
        }

        if (!development && string.IsNullOrWhiteSpace(options.AuthorizationPolicy))
        {
            throw new InvalidOperationException(
                "The session inspector shows what sessions hold; outside Development it needs an authorization policy: " +
                "app.MapScSessionInspector(o => { o.EnableOutsideDevelopment = true; o.AuthorizationPolicy = \"SessionInspectors\"; }) " +
                "with that policy added by builder.Services.AddAuthorization(…), and app.UseAuthorization().");
        }

        if (!options.Path.HasValue || options.Path.Value!.EndsWith('/'))
        {
            throw new InvalidOperationException($"ScSessionInspectorOptions.Path '{options.Path}' must start with '/' and not end with one, e.g. \"/_scsession\".");
        }

        var group = endpoints.MapGroup(options.Path.Value!);
        group.MapGet("/", context => InspectAsync(context, runtime, json: false)).ExcludeFromDescription();
        group.MapGet("/session.json", context => InspectAsync(context, runtime, json: true)).ExcludeFromDescription();
        if (!string.IsNullOrWhiteSpace(options.AuthorizationPolicy))
        {
            group.RequireAuthorization(options.AuthorizationPolicy);
        }

        return group;
    }

    private static async Task InspectAsync(HttpContext context, ScSessionRuntime runtime, bool json)
    {
        var state = SessionState.From(context);
        await state.LoadAsync(context.RequestAborted).ConfigureAwait(false);
        var inspection = SessionInspection.Of(context, runtime, state);
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        if (json)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await inspection.WriteJsonAsync(context.Response.BodyWriter, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // No script at all; inline styles only; framed only by the application itself (the sample's panel).
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
        context.Response.ContentType = "text/html; charset=utf-8";
        var compact = context.Request.Query["view"] == "compact";
        await context.Response.WriteAsync(InspectorPage.Render(inspection, compact), context.RequestAborted).ConfigureAwait(false);
    }

    private sealed class NothingMapped : IEndpointConventionBuilder
    {
        public static readonly NothingMapped Instance = new();

        public void Add(Action<EndpointBuilder> convention)
        {
        }
    }
}
