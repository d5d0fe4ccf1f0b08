using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.Internal;

/// <summary>
/// Wraps the application's <see cref="IAuthenticationService"/>: renews the ScSession session before every sign-in and
/// after every sign-out, so the session ID changes whenever the user's identity does.
/// </summary>
internal sealed class SessionRenewingAuthenticationService(IAuthenticationService inner) : IAuthenticationService
{
    /// <summary>
    /// Replaces the registered <see cref="IAuthenticationService"/> (or the one <c>AddAuthentication()</c> will add,
    /// whichever order the calls come in) with this wrapper around it.
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        ServiceDescriptor? existing = null;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IAuthenticationService))
            {
                if (services[i].ImplementationType == typeof(SessionRenewingAuthenticationService))
                {
                    return;
                }

                existing = services[i];
                services.RemoveAt(i);
                break;
            }
        }

        services.AddScoped<IAuthenticationService>(sp => new SessionRenewingAuthenticationService(CreateInner(sp, existing)));
    }

    private static IAuthenticationService CreateInner(IServiceProvider services, ServiceDescriptor? existing) => existing switch
    {
        { ImplementationFactory: { } factory } => (IAuthenticationService)factory(services),
        { ImplementationInstance: IAuthenticationService instance } => instance,
        { ImplementationType: { } type } => (IAuthenticationService)ActivatorUtilities.CreateInstance(services, type),
        _ => ActivatorUtilities.CreateInstance<AuthenticationService>(services),
    };

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) => inner.AuthenticateAsync(context, scheme);

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.ChallengeAsync(context, scheme, properties);

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.ForbidAsync(context, scheme, properties);

    public async Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties)
    {
        await RenewIfSessionAsync(context).ConfigureAwait(false);
        await inner.SignInAsync(context, scheme, principal, properties).ConfigureAwait(false);
    }

    public async Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties)
    {
        await inner.SignOutAsync(context, scheme, properties).ConfigureAwait(false);
        await RenewIfSessionAsync(context).ConfigureAwait(false);
    }

    private static Task RenewIfSessionAsync(HttpContext context)
        => context.Features.Get<SessionState>() is { } state ? state.RenewAsync(context.RequestAborted) : Task.CompletedTask;
}
