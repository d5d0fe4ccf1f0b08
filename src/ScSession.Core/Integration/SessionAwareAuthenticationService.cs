using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.Internal;

/// <summary>What happens to the session when a user signs out.</summary>
/// <param name="Destroy">True: the session ends (OWASP); false: it is renewed and keeps its data (the old behaviour).</param>
/// <param name="KeepSections">With <paramref name="Destroy"/>, the sections that move to the next session.</param>
/// <param name="Schemes">With <paramref name="Destroy"/>, the schemes whose sign-out ends the session; empty: the default authenticate scheme.</param>
internal sealed record SignOutPolicy(bool Destroy, IReadOnlyCollection<string> KeepSections, IReadOnlyCollection<string> Schemes);

/// <summary>
/// Wraps the application's <see cref="IAuthenticationService"/>: renews the ScSession session before every sign-in,
/// and after every sign-out destroys it (or, with the obsolete policy, renews it), so the session follows the user's
/// identity without code in the login and logout handlers.
/// </summary>
internal sealed class SessionAwareAuthenticationService(IAuthenticationService inner, SignOutPolicy signOut) : IAuthenticationService
{
    /// <summary>
    /// Replaces the registered <see cref="IAuthenticationService"/> (or the one <c>AddAuthentication()</c> will add,
    /// whichever order the calls come in) with this wrapper around it. Registering again replaces the policy.
    /// </summary>
    public static void Register(IServiceCollection services, SignOutPolicy signOut)
    {
        ServiceDescriptor? existing = null;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IAuthenticationService) && !services[i].IsKeyedService)
            {
                existing = services[i];
                services.RemoveAt(i);
                break;
            }
        }

        if (existing?.ImplementationFactory?.Target is Registration previous)
        {
            existing = previous.Inner; // registered before: wrap what it wrapped, with the new policy
        }

        services.AddScoped<IAuthenticationService>(new Registration(existing, signOut).Create);
    }

    /// <summary>The factory of one registration; kept as the factory's target so a second registration can find the inner service.</summary>
    private sealed class Registration(ServiceDescriptor? inner, SignOutPolicy signOut)
    {
        public ServiceDescriptor? Inner => inner;

        public IAuthenticationService Create(IServiceProvider services) => new SessionAwareAuthenticationService(CreateInner(services), signOut);

        private IAuthenticationService CreateInner(IServiceProvider services) => inner switch
        {
            { ImplementationFactory: { } factory } => (IAuthenticationService)factory(services),
            { ImplementationInstance: IAuthenticationService instance } => instance,
            { ImplementationType: { } type } => (IAuthenticationService)ActivatorUtilities.CreateInstance(services, type),
            _ => ActivatorUtilities.CreateInstance<AuthenticationService>(services),
        };
    }

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) => inner.AuthenticateAsync(context, scheme);

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.ChallengeAsync(context, scheme, properties);

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.ForbidAsync(context, scheme, properties);

    public async Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties)
    {
        if (context.Features.Get<SessionState>() is { } state)
        {
            await state.RenewAsync(context.RequestAborted).ConfigureAwait(false);
        }

        await inner.SignInAsync(context, scheme, principal, properties).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether signing out of <paramref name="scheme"/> signs the user out: a call without a scheme does, and so does the
    /// scheme the user is authenticated with (the default authenticate scheme — Identity's application cookie), or one
    /// configured in <see cref="SessionSignOutOptions.Schemes"/>. Auxiliary schemes do not: Identity signs out of its
    /// external and two-factor schemes in the middle of every such sign-in, and "forget this browser" signs out of the
    /// remember-me scheme while the user stays signed in.
    /// </summary>
    private async Task<bool> EndsTheSessionAsync(HttpContext context, string? scheme)
    {
        if (scheme is null)
        {
            return true;
        }

        if (signOut.Schemes.Count > 0)
        {
            return signOut.Schemes.Contains(scheme);
        }

        var schemes = context.RequestServices.GetService<IAuthenticationSchemeProvider>();
        var main = schemes is null ? null : await schemes.GetDefaultAuthenticateSchemeAsync().ConfigureAwait(false);
        return main is null || string.Equals(main.Name, scheme, StringComparison.Ordinal);
    }

    public async Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties)
    {
        await inner.SignOutAsync(context, scheme, properties).ConfigureAwait(false);
        if (context.Features.Get<SessionState>() is not { } state)
        {
            return;
        }

        if (signOut.Destroy)
        {
            if (await EndsTheSessionAsync(context, scheme).ConfigureAwait(false))
            {
                await state.DestroyAsync(signOut.KeepSections, context.RequestAborted).ConfigureAwait(false);
            }
        }
        else
        {
            await state.RenewAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }
}
