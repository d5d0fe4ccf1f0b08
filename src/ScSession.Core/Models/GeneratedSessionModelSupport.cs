using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.AspNetCore.Http;

namespace ScSession;

/// <summary>
/// Entry points for code emitted by the ScSession source generator. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedSessionModelSupport
{
    private static readonly ConcurrentDictionary<Type, Func<HttpContext, ValueTask<object>>> s_models = new();
    private static readonly ConcurrentDictionary<Type, SessionConcurrency?> s_concurrency = new();

    /// <summary>
    /// Records <typeparamref name="T"/> as a session model so that MVC's <c>[FromSession]</c> and
    /// constructor injection can resolve it without reflection. Called from a generated module initializer.
    /// </summary>
    public static void Register<T>() where T : class, ISessionModel<T>
    {
        s_concurrency.TryAdd(typeof(T), T.Concurrency);
        s_models.TryAdd(typeof(T), static async context => await context.GetSessionAsync<T>().ConfigureAwait(false));
    }

    /// <summary>The generated <c>BindAsync</c> of a model: minimal APIs bind a parameter of the model type with it.</summary>
    public static async ValueTask<T?> BindAsync<T>(HttpContext context) where T : class, ISessionModel<T>
        => await context.GetSessionAsync<T>().ConfigureAwait(false);

    internal static IEnumerable<Type> RegisteredTypes => s_models.Keys;

    /// <summary>Each registered model's own concurrency policy (null: the default), checked against the store at start-up.</summary>
    internal static IEnumerable<KeyValuePair<Type, SessionConcurrency?>> DeclaredConcurrency => s_concurrency;

    internal static bool TryGetLoader(Type modelType, out Func<HttpContext, ValueTask<object>> loader)
        => s_models.TryGetValue(modelType, out loader!);
}
