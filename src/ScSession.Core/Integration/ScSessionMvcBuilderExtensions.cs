using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ScSession.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Wires MVC features to ScSession.</summary>
public static class ScSessionMvcBuilderExtensions
{
    /// <summary>
    /// Keeps MVC's <c>TempData</c> in the ScSession session (encrypted cookie or server store) instead of MVC's own
    /// TempData cookie, replacing the registered <see cref="ITempDataProvider"/>. Values are serialized by MVC's
    /// <c>TempDataSerializer</c>, so the same types are supported. Use it on <c>AddControllersWithViews()</c>,
    /// <c>AddMvc()</c> or <c>AddRazorPages()</c> (TempData is part of MVC's view features), with
    /// <c>AddScSession()</c> and <c>app.UseScSession()</c>.
    /// </summary>
    public static IMvcBuilder AddScSessionTempDataProvider(this IMvcBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<ITempDataProvider>();
        builder.Services.AddSingleton<ITempDataProvider, ScSessionTempDataProvider>();
        return builder;
    }
}
