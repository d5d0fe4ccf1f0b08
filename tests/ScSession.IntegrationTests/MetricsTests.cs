using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Instruments_count_created_renewed_destroyed_rejected_by_reason_and_sizes()
    {
        await using var host = await SessionTestHost.StartAsync(app => Endpoints.Map(app));
        var factory = host.App.Services.GetRequiredService<IMeterFactory>();
        var measurements = new List<(string Instrument, double Value, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ScSession" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reason = tag.Value as string;
                }
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, reason));
            }
        }

        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        (await browser.PostAsync("/renew")).EnsureSuccessStatusCode();
        (await browser.PostAsync("/logout")).EnsureSuccessStatusCode();
        browser.Cookies[".scs"] = "garbage";
        await browser.GetStringAsync("/count/peek");

        Assert.Single(measurements, m => m.Instrument == "scsession.sessions.created");
        Assert.Single(measurements, m => m.Instrument == "scsession.sessions.renewed");
        Assert.Single(measurements, m => m.Instrument == "scsession.sessions.destroyed");
        Assert.Equal("malformed", Assert.Single(measurements, m => m.Instrument == "scsession.sessions.rejected").Reason);
        Assert.All(measurements.Where(m => m.Instrument == "scsession.session.size"), m => Assert.InRange(m.Value, 40, 4000));
        Assert.Equal(2, measurements.Count(m => m.Instrument == "scsession.session.size"));
    }
}
