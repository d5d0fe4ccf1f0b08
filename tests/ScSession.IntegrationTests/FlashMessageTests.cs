using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ScSession.IntegrationTests;

public sealed class FlashMessageTests : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    private static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/flash/add", (HttpContext context, string category, string message) =>
        {
            context.Flash().Add(category, message);
            return Results.Redirect("/flash/show");
        });
        app.MapPost("/flash/add-several", (HttpContext context) =>
        {
            var flash = context.Flash();
            flash.AddSuccess("one");
            flash.AddInfo("two");
            flash.AddWarning("three");
            flash.AddError("four");
            return Results.NoContent();
        });
        app.MapGet("/flash/show", (HttpContext context) => Results.Json(context.Flash().Take()));
        app.MapGet("/flash/peek", (HttpContext context) => Results.Json(context.Flash().Peek()));
    }

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(app =>
    {
        Map(app);
        Endpoints.Map(app);
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Message_added_on_a_POST_is_shown_once_after_the_redirect_then_gone()
    {
        var browser = _host.NewBrowser();

        using var post = await browser.PostAsync("/flash/add?category=success&message=Profile%20saved");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/flash/show", post.Headers.Location?.OriginalString);

        Assert.Equal("""[{"category":"success","message":"Profile saved"}]""", await browser.GetStringAsync("/flash/show"));
        Assert.Equal("[]", await browser.GetStringAsync("/flash/show"));
    }

    [Fact]
    public async Task Message_waits_for_its_page_while_unrelated_requests_come_in_between()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/flash/add?category=info&message=Welcome")).Dispose();

        await browser.GetStringAsync("/count");
        await browser.GetStringAsync("/count/peek");

        Assert.Equal("""[{"category":"info","message":"Welcome"}]""", await browser.GetStringAsync("/flash/show"));
        Assert.Equal("1", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task Peek_does_not_remove_and_writes_nothing()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/flash/add?category=error&message=Try%20again")).Dispose();

        var first = await browser.GetStringAsync("/flash/peek");
        Assert.Empty(browser.LastSetCookies);
        var second = await browser.GetStringAsync("/flash/peek");

        Assert.Equal("""[{"category":"error","message":"Try again"}]""", first);
        Assert.Equal(first, second);
        Assert.Equal(first, await browser.GetStringAsync("/flash/show"));
    }

    [Fact]
    public async Task Messages_keep_their_order_and_categories()
    {
        var browser = _host.NewBrowser();
        (await browser.PostAsync("/flash/add-several")).EnsureSuccessStatusCode();

        var json = await browser.GetStringAsync("/flash/show");

        var messages = JsonSerializer.Deserialize<FlashMessage[]>(json, JsonSerializerOptions.Web)!;
        Assert.Equal(
            [new("success", "one"), new("info", "two"), new("warning", "three"), new("error", "four")],
            messages);
    }

    [Fact]
    public async Task Taking_from_an_empty_session_creates_no_session()
    {
        var browser = _host.NewBrowser();

        Assert.Equal("[]", await browser.GetStringAsync("/flash/show"));

        Assert.Empty(browser.LastSetCookies);
        Assert.DoesNotContain("created", _host.Events.Entries);
    }

    [Fact]
    public async Task Flash_is_saved_in_the_reserved_flash_section()
    {
        var browser = _host.NewBrowser();

        (await browser.PostAsync("/flash/add?category=success&message=x")).Dispose();

        Assert.Equal("saving:$flash", Assert.Single(_host.Events.Entries, e => e.StartsWith("saving:", StringComparison.Ordinal)));
    }

    [Fact]
    public void FlashMessage_serializes_camelCase_with_web_defaults_and_round_trips()
    {
        var message = new FlashMessage("success", "Saved");

        var json = JsonSerializer.Serialize(message, JsonSerializerOptions.Web);

        Assert.Equal("""{"category":"success","message":"Saved"}""", json);
        Assert.Equal(message, JsonSerializer.Deserialize<FlashMessage>(json, JsonSerializerOptions.Web));
    }
}
