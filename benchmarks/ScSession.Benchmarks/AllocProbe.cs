using System.Diagnostics.Tracing;
using ScSession.Benchmarks.Shared;

namespace ScSession.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release -- alloc ScSessionCookie</c>: where a request's bytes go, by type. Listens to the runtime's
/// <c>GCAllocationTick</c> event (one sample per ~100 KB allocated) over 300,000 requests of one variant, so the
/// figures are estimates (about ±1 % for the big types, more for small ones): compare two commits with it, then
/// confirm with BenchmarkDotNet's exact <c>Allocated</c> column.
/// </summary>
internal sealed class AllocProbe : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly Dictionary<string, long> _bytesByType = [];

    public static async Task RunAsync(Variant variant)
    {
        using var app = new InProcessApp(variant);
        await app.PrimeAsync();
        for (var i = 0; i < 5_000; i++)
        {
            await app.InvokeAsync();
        }

        using var probe = new AllocProbe();
        const int requests = 300_000;
        for (var i = 0; i < requests; i++)
        {
            await app.InvokeAsync();
        }

        lock (probe._bytesByType)
        {
            foreach (var (type, bytes) in probe._bytesByType.OrderByDescending(entry => entry.Value).Take(40))
            {
                Console.WriteLine($"{bytes / requests,8} B/request  {type}");
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "GCAllocationTick_V4" || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = (string)payload[names.IndexOf("TypeName")]!;
        var amount = Convert.ToInt64(payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        lock (_bytesByType)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
        }
    }
}
