using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

/// <summary>What a listed session is described by when sign-in gives no description: the browser and system by default.</summary>
public sealed class DeviceDescriptionTests
{
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

    private static Task<SessionTestHost> StartAsync(Action<ScSessionOptions>? configure = null) => SessionTestHost.StartAsync(
        app =>
        {
            app.MapPost("/sign-in/{user}", async (string user, string? description, HttpContext context) =>
            {
                await context.SetSessionOwnerAsync(user, description);
                return context.Session.Id;
            });
            app.MapGet("/devices/{user}", async (string user, ISessionOwnerIndex index) =>
                (await index.GetOwnerSessionsAsync(user)).Select(s => new { s.PublicId, s.Description }));
        },
        configure,
        services => services.AddScSession().AddMemoryStore());

    private static async Task<string> SignInAsync(SessionBrowser browser, string path, string? userAgent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        using var response = await browser.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task By_default_a_session_is_described_by_its_browser_and_system()
    {
        await using var host = await StartAsync();
        var laptop = await SignInAsync(host.NewBrowser(), "/sign-in/ada", Firefox);
        var named = await SignInAsync(host.NewBrowser(), "/sign-in/ada?description=Work%20laptop", Firefox);
        var bot = await SignInAsync(host.NewBrowser(), "/sign-in/ada", "curl/8.5.0");

        var listed = await host.NewBrowser().GetStringAsync("/devices/ada");

        Assert.Contains($$"""{"publicId":"{{laptop}}","description":"Firefox on Windows"}""", listed, StringComparison.Ordinal);
        Assert.Contains($$"""{"publicId":"{{named}}","description":"Work laptop"}""", listed, StringComparison.Ordinal); // the app's own wins
        Assert.Contains($$"""{"publicId":"{{bot}}","description":null}""", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_application_chooses_what_describes_a_session_or_nothing()
    {
        await using var host = await StartAsync(o => o.DescribeSession = context => "seen via " + context.Request.Headers.UserAgent.ToString()[..7]);
        await using var silent = await StartAsync(o => o.DescribeSession = null);

        var mine = await SignInAsync(host.NewBrowser(), "/sign-in/ada", Firefox);
        var none = await SignInAsync(silent.NewBrowser(), "/sign-in/ada", Firefox);

        Assert.Contains($$"""{"publicId":"{{mine}}","description":"seen via Mozilla"}""", await host.NewBrowser().GetStringAsync("/devices/ada"), StringComparison.Ordinal);
        Assert.Contains($$"""{"publicId":"{{none}}","description":null}""", await silent.NewBrowser().GetStringAsync("/devices/ada"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_description_longer_than_the_limit_from_the_function_is_cut_not_refused()
    {
        await using var host = await StartAsync(o => o.DescribeSession = _ => new string('d', OwnedSession.MaxDescriptionLength + 50));

        var id = await SignInAsync(host.NewBrowser(), "/sign-in/ada", Firefox);

        Assert.Contains($$"""{"publicId":"{{id}}","description":"{{new string('d', OwnedSession.MaxDescriptionLength)}}"}""", await host.NewBrowser().GetStringAsync("/devices/ada"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cut_never_splits_a_character_made_of_two_halves()
    {
        // An emoji (two UTF-16 halves) straddling the limit: cut before it, not through it.
        var description = new string('d', OwnedSession.MaxDescriptionLength - 1) + "🍵" + "tail";
        await using var host = await StartAsync(o => o.DescribeSession = _ => description);

        var id = await SignInAsync(host.NewBrowser(), "/sign-in/ada", Firefox);

        Assert.Contains($$"""{"publicId":"{{id}}","description":"{{new string('d', OwnedSession.MaxDescriptionLength - 1)}}"}""", await host.NewBrowser().GetStringAsync("/devices/ada"), StringComparison.Ordinal);
    }
}
