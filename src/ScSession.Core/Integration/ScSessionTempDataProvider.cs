using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Mvc.ViewFeatures.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ScSession.Internal;

/// <summary>
/// Keeps MVC's TempData in the ScSession session (reserved section <c>$tempdata</c>), serialized by MVC's own
/// <see cref="TempDataSerializer"/>. Registered by <c>AddScSessionTempDataProvider()</c>.
/// </summary>
internal sealed class ScSessionTempDataProvider(TempDataSerializer serializer, ILogger<ScSessionTempDataProvider> logger)
    : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (SessionState.From(context).GetModel<TempDataSection>().Data is { } data)
        {
            try
            {
                return serializer.Deserialize(data);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NotSupportedException)
            {
                Log.TempDataDropped(logger, SessionReadContext.DescribeWithoutValue(ex));
            }
        }

        return new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
    }

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Unchanged TempData serializes to the same bytes, so the session is not written again.
        SessionState.From(context).GetModel<TempDataSection>().Data = values is { Count: > 0 } ? serializer.Serialize(values) : null;
    }
}
