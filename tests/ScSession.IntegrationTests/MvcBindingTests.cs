using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

public sealed class CounterController(CounterSession injected) : Controller
{
    [HttpGet("/mvc/count")]
    public int Count([FromSession] CounterSession counter) => ++counter.Count;

    [HttpGet("/mvc/injected")]
    public int Injected() => ++injected.Count;

    [HttpGet("/mvc/same-instance")]
    public bool SameInstance([FromSession] CounterSession counter) => ReferenceEquals(counter, injected);

    [HttpPost("/mvc/visit")]
    public IActionResult Visit([FromSession] CounterSession counter, [FromQuery] string page)
    {
        counter.Visits.Add(page);
        return RedirectToAction(nameof(Count));
    }
}

public sealed class MvcBindingTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(
        app =>
        {
            app.MapControllers();
            Endpoints.Map(app);
        },
        services: services => services.AddControllers().AddApplicationPart(typeof(CounterController).Assembly));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FromSession_parameter_binds_and_persists()
    {
        var browser = _host.NewBrowser();

        Assert.Equal("1", await browser.GetStringAsync("/mvc/count"));
        Assert.Equal("2", await browser.GetStringAsync("/mvc/count"));
        Assert.Equal("2", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Constructor_injected_model_is_the_request_session()
    {
        var browser = _host.NewBrowser();

        Assert.Equal("1", await browser.GetStringAsync("/mvc/injected"));
        Assert.Equal("2", await browser.GetStringAsync("/mvc/injected"));
        Assert.Equal("3", await browser.GetStringAsync("/mvc/count"));
        Assert.Equal("true", await browser.GetStringAsync("/mvc/same-instance"));
    }

    [Fact]
    public async Task Change_before_a_redirect_is_saved()
    {
        var browser = _host.NewBrowser();

        using var response = await browser.PostAsync("/mvc/visit?page=checkout");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("checkout,done", await browser.GetStringAsync("/count/visit/done"));
    }
}
