using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

/// <summary>
/// The session is saved before the first byte, whichever way the response is written, and no byte is lost or reordered
/// while a save that has to wait is pending; a change made after the first write is still saved while the response has
/// not reached the client.
/// </summary>
public sealed class ResponseWritingTests
{
    /// <summary>Makes every save wait (an asynchronous OnSaving handler), as a server store or an async event would.</summary>
    private static Task<SessionTestHost> StartAsync(bool asyncSave, Action<IApplicationBuilder>? beforeSession = null) => SessionTestHost.StartAsync(
        app =>
        {
            Endpoints.Map(app);
            app.MapGet("/writer", (HttpContext context, CounterSession counter) =>
            {
                counter.Count = 5;
                context.Response.BodyWriter.Write("hello"u8); // no flush: the server flushes at the end
                return Task.CompletedTask;
            });
            app.MapGet("/writer-then-complete", async (HttpContext context, CounterSession counter) =>
            {
                counter.Count = 6;
                context.Response.BodyWriter.Write("hello"u8);
                await context.Response.CompleteAsync();
            });
            app.MapGet("/writer-then-stream", async (HttpContext context, CounterSession counter) =>
            {
                counter.Count = 7;
                context.Response.BodyWriter.Write("A"u8);
                await context.Response.Body.WriteAsync("B"u8.ToArray());
                await context.Response.BodyWriter.FlushAsync();
            });
            app.MapGet("/big", async (HttpContext context, CounterSession counter) =>
            {
                counter.Count = 8;
                for (var i = 0; i < 100; i++)
                {
                    context.Response.BodyWriter.Write(Encoding.ASCII.GetBytes(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)));
                    if (i % 10 == 9)
                    {
                        await context.Response.BodyWriter.FlushAsync();
                    }
                }
            });
            app.MapGet("/late-after-write", async (HttpContext context, CounterSession counter) =>
            {
                counter.Count = 1;
                await context.Response.WriteAsync("started");
                counter.Count = 99; // after the first write, but the outer middleware still holds the body
            });
            app.MapGet("/nested-on-starting", (HttpContext context, CounterSession counter) =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.OnStarting(() =>
                    {
                        counter.Count = 42; // registered while the gate's callbacks run: still before the save
                        return Task.CompletedTask;
                    });
                    return Task.CompletedTask;
                });
                return "ok";
            });
        },
        o =>
        {
            if (asyncSave)
            {
                o.Events.OnSaving = async _ => await Task.Delay(20);
            }
        },
        beforeSession: beforeSession);

    [Theory]
    [InlineData(false, "/writer", "hello", "5")]
    [InlineData(true, "/writer", "hello", "5")]
    [InlineData(true, "/writer-then-complete", "hello", "6")]
    [InlineData(true, "/writer-then-stream", "AB", "7")]
    public async Task Bytes_written_while_the_save_waits_are_kept_in_order(bool asyncSave, string path, string body, string count)
    {
        await using var host = await StartAsync(asyncSave);
        var browser = host.NewBrowser();

        Assert.Equal(body, await browser.GetStringAsync(path));
        Assert.Equal(count, await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task A_large_response_written_in_pieces_while_the_save_waits_arrives_whole()
    {
        await using var host = await StartAsync(asyncSave: true);
        var browser = host.NewBrowser();

        var text = await browser.GetStringAsync("/big");

        Assert.Equal(string.Concat(Enumerable.Range(0, 100).Select(i => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))), text);
        Assert.Equal("8", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task A_change_after_the_first_write_is_saved_while_an_outer_middleware_holds_the_body()
    {
        await using var host = await StartAsync(asyncSave: false, app => app.Use(async (context, next) =>
        {
            // The usual "buffer the body to log or rewrite it" middleware, before UseScSession().
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            await next(context);
            context.Response.Body = original;
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
        }));
        var browser = host.NewBrowser();

        Assert.Equal("started", await browser.GetStringAsync("/late-after-write"));

        Assert.Equal("99", await browser.GetStringAsync("/count/peek"));
        Assert.Empty(host.Events.ChangesLost);
    }

    [Fact]
    public async Task An_OnStarting_callback_registered_by_another_one_still_runs_before_the_save()
    {
        await using var host = await StartAsync(asyncSave: false);
        var browser = host.NewBrowser();

        Assert.Equal("ok", await browser.GetStringAsync("/nested-on-starting"));

        Assert.Equal("42", await browser.GetStringAsync("/count/peek"));
    }

    [Fact]
    public async Task A_change_made_during_a_status_code_re_execution_pass_keeps_the_first_passs_save()
    {
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                Endpoints.Map(app);
                app.MapGet("/missing", (CounterSession counter) =>
                {
                    counter.Count = 42;
                    return Results.NotFound();
                });
                app.MapGet("/status", (CounterSession counter) => "status page, count " + counter.Count);
            },
            beforeSession: app => app.UseStatusCodePagesWithReExecute("/status"));
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        host.Time.Advance(TimeSpan.FromMinutes(10)); // the second pass would slide the idle window: it re-issues the cookie

        using (var response = await browser.GetAsync("/missing"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("status page, count 42", await response.Content.ReadAsStringAsync());
            Assert.Single(browser.LastSetCookies, c => c.StartsWith(".scs=", StringComparison.Ordinal));
        }

        Assert.Equal("42", await browser.GetStringAsync("/count/peek"));
    }
}
