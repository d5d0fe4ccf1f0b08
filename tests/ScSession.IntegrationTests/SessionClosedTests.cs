using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ScSession.IntegrationTests;

/// <summary>
/// When UseScSession() has finished, the session is closed: code that runs after it (a middleware added before it,
/// after next() returned or after an exception) can no longer change a session that nothing would save.
/// </summary>
public sealed class SessionClosedTests
{
    private readonly List<Exception> _after = [];

    private Task<SessionTestHost> StartAsync(Func<HttpContext, Task> afterNext) => SessionTestHost.StartAsync(
        app =>
        {
            Endpoints.Map(app);
            app.MapGet("/keep-session", (HttpContext context) =>
            {
                context.Items["session"] = context.Session; // kept past the middleware, as a careless service might
                context.Session.SetString("k", "v");
                return "ok";
            });
        },
        beforeSession: app => app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (InvalidOperationException) when (context.Request.Path == "/fail")
            {
                // the endpoint's failure: handled here, then this middleware goes on using the session
            }

            try
            {
                await afterNext(context);
            }
            catch (Exception ex)
            {
                _after.Add(ex);
            }
        }));

    [Fact]
    public async Task HttpContext_Session_is_gone_after_the_middleware_as_in_AspNetCore()
    {
        await using var host = await StartAsync(context =>
        {
            context.Session.SetString("late", "lost");
            return Task.CompletedTask;
        });

        Assert.Equal("1", await host.NewBrowser().GetStringAsync("/count"));

        Assert.IsType<InvalidOperationException>(Assert.Single(_after));
    }

    [Fact]
    public async Task An_ISession_kept_from_the_request_refuses_changes_with_a_clear_message()
    {
        await using var host = await StartAsync(context =>
        {
            ((ISession)context.Items["session"]!).SetString("late", "lost");
            return Task.CompletedTask;
        });

        Assert.Equal("ok", await host.NewBrowser().GetStringAsync("/keep-session"));

        var error = Assert.IsType<InvalidOperationException>(Assert.Single(_after));
        Assert.Contains("UseScSession() has finished", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/count")]
    [InlineData("/fail")]
    public async Task Typed_models_refuse_to_load_after_the_middleware_with_a_clear_message(string path)
    {
        await using var host = await StartAsync(async context => (await context.GetSessionAsync<CounterSession>()).Count = 99);

        using var response = await host.NewBrowser().GetAsync(path);

        var error = Assert.IsType<InvalidOperationException>(Assert.Single(_after));
        Assert.Contains("Use the session in endpoints or in middleware added after app.UseScSession()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flash_messages_and_renewal_refuse_after_the_middleware_too()
    {
        await using var host = await StartAsync(async context =>
        {
            try
            {
                context.Flash().Add("info", "lost");
            }
            catch (InvalidOperationException ex)
            {
                _after.Add(ex);
            }

            await context.RenewSessionAsync();
        });

        Assert.Equal("1", await host.NewBrowser().GetStringAsync("/count"));

        Assert.Equal(2, _after.Count);
        Assert.All(_after, e => Assert.Contains("UseScSession() has finished", e.Message, StringComparison.Ordinal));
    }
}
