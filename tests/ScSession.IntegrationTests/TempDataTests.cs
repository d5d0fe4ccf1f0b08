using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;
using ScSession.Internal;

namespace ScSession.IntegrationTests;

public sealed class TempDataController : Controller
{
    [HttpPost("/tempdata/save")]
    public IActionResult Save()
    {
        TempData["Message"] = "Saved";
        TempData["Count"] = 3;
        return Redirect("/tempdata/show");
    }

    [HttpGet("/tempdata/show")]
    public IActionResult Show() => Content($"{TempData["Message"] ?? "(none)"}|{TempData["Count"] ?? "(none)"}");

    [HttpGet("/tempdata/peek")]
    public IActionResult PeekMessage() => Content(TempData.Peek("Message") as string ?? "(none)");
}

public sealed class TempDataTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(
        app =>
        {
            app.MapControllers();
            Endpoints.Map(app);
        },
        services: services => services
            .AddControllersWithViews()
            .AddApplicationPart(typeof(TempDataController).Assembly)
            .AddScSessionTempDataProvider());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Opt_in_replaces_the_cookie_TempData_provider()
        => Assert.IsType<ScSessionTempDataProvider>(_host.App.Services.GetRequiredService<ITempDataProvider>());

    [Fact]
    public async Task TempData_set_on_POST_is_read_after_the_redirect_then_gone()
    {
        var browser = _host.NewBrowser();

        using var post = await browser.PostAsync("/tempdata/save");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal([".scs"], browser.Cookies.Keys); // in the session cookie, not MVC's TempData cookie

        Assert.Equal("Saved|3", await browser.GetStringAsync("/tempdata/show"));
        Assert.Equal("(none)|(none)", await browser.GetStringAsync("/tempdata/show"));
    }

    [Fact]
    public async Task Peek_keeps_TempData_and_writes_nothing()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/tempdata/save")).Dispose();

        Assert.Equal("Saved", await browser.GetStringAsync("/tempdata/peek"));
        Assert.Empty(browser.LastSetCookies);

        Assert.Equal("Saved|3", await browser.GetStringAsync("/tempdata/show"));
    }

    [Fact]
    public async Task TempData_and_typed_models_share_the_session()
    {
        var browser = _host.NewBrowser();
        await browser.GetStringAsync("/count");

        (await browser.PostAsync("/tempdata/save")).Dispose();

        Assert.Equal("Saved|3", await browser.GetStringAsync("/tempdata/show"));
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }
}
