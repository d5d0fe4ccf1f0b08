using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.IntegrationTests;

/// <summary>A model that changed between deployments loses only what no longer fits.</summary>
public sealed class SchemaEvolutionTests : IAsyncLifetime
{
    private readonly ListLoggerProvider _logs = new();
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(
        app => Endpoints.Map(app),
        services: services => services.AddLogging(b => b.AddProvider(_logs)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Removed_field_is_ignored_added_field_defaults_and_retyped_field_is_dropped_alone()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/evolving/v1")).EnsureSuccessStatusCode();
        await browser.GetStringAsync("/count");

        // Count survives, Score (number → Guid) is dropped to its default, Added defaults, Obsolete is ignored.
        Assert.Equal($"7|{Guid.Empty}|", await browser.GetStringAsync("/evolving/v2"));
        Assert.Empty(_host.Events.Rejected);
        Assert.Contains(_logs.Messages, m => m.Contains("'evolving'", StringComparison.Ordinal) && m.Contains("'score'", StringComparison.Ordinal));

        // The other model of the session is untouched, and the evolved model keeps working.
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
        using var response = await browser.PostAsync("/evolving/v2/count");
        Assert.Equal("8", await response.Content.ReadAsStringAsync());
        Assert.Equal($"8|{Guid.Empty}|", await browser.GetStringAsync("/evolving/v2"));
    }

    [Fact]
    public async Task A_dropped_field_is_logged_by_name_never_by_its_stored_value()
    {
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                app.MapPost("/plan/v1", (PlanV1 plan) => plan.Kind = PlanKindV1.PlatinumSecret7731);
                app.MapGet("/plan/v2", (PlanV2 plan) => plan.Kind.ToString());
            },
            services: services => services.AddLogging(b => b.AddProvider(_logs)));
        var browser = host.NewBrowser();
        (await browser.PostAsync("/plan/v1")).EnsureSuccessStatusCode();

        Assert.Equal("Basic", await browser.GetStringAsync("/plan/v2"));

        var dropped = Assert.Single(_logs.Messages, m => m.Contains("'plan'", StringComparison.Ordinal));
        Assert.Contains("'kind'", dropped, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("PlatinumSecret7731", StringComparison.Ordinal));
    }
}
