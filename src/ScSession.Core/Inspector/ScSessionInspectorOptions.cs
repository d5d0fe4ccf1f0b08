using Microsoft.AspNetCore.Http;

namespace ScSession;

/// <summary>Options of the session inspector (<c>app.MapScSessionInspector(o => …)</c>).</summary>
public sealed class ScSessionInspectorOptions
{
    /// <summary>Where the page is mapped. Default: <c>/_scsession</c>; its JSON is at <c>{Path}/session.json</c>.</summary>
    public PathString Path { get; set; } = "/_scsession";

    /// <summary>
    /// Maps the inspector outside the Development environment too. Off by default: the page shows what the session
    /// holds, which is the application's business, not the visitor's. When on, <see cref="AuthorizationPolicy"/> is
    /// required.
    /// </summary>
    public bool EnableOutsideDevelopment { get; set; }

    /// <summary>
    /// The authorization policy a request must meet to see the page (requires <c>UseAuthorization()</c>). Optional in
    /// Development, required with <see cref="EnableOutsideDevelopment"/>.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }
}
