using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.Internal;

/// <summary>Scoped service factories that hand a typed session model to constructor injection.</summary>
internal static class ModelServiceFactory
{
    public static Func<IServiceProvider, object> For(Type modelType) => services =>
    {
        var context = services.GetRequiredService<IHttpContextAccessor>().HttpContext
            ?? throw new InvalidOperationException(
                $"The session model {modelType.FullName} can only be injected while handling a request.");
        if (!GeneratedSessionModelSupport.TryGetLoader(modelType, out var load))
        {
            throw new InvalidOperationException($"{modelType.FullName} is not a registered session model.");
        }

        var pending = load(context);

        // The cookie store loads synchronously, so this completes at once; it only waits when an event handler
        // (OnLoaded/OnRejected) really awaits something. Prefer [FromSession] or GetSessionAsync<T>() there.
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    };
}
