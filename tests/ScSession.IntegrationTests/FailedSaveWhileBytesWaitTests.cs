using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.IntegrationTests;

/// <summary>
/// A writer that gets memory from the response body starts the save; while the save waits (a server store), its bytes
/// are held. When that save fails before the writer flushes, the held bytes must not go out as a 200: the failure is
/// thrown to the writer and reaches the app's error handling. Found by the cart-latency run on Redis (issue 14): a
/// conflicting save whose JSON response was held went out as 200, and the change was lost (logged as event 18 only).
/// </summary>
public sealed class FailedSaveWhileBytesWaitTests
{
    private readonly TaskCompletionSource _saveFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ListLoggerProvider _logs = new();

    private Task<SessionTestHost> StartAsync() => SessionTestHost.StartAsync(
        app =>
        {
            app.MapGet("/writer-flush", async (HttpContext context, CounterSession counter) =>
            {
                counter.Count = 5;
                context.Response.BodyWriter.Write("saved?"u8); // starts the save; the bytes wait for it
                await WaitUntilTheSaveFailedAsync();
                await context.Response.BodyWriter.FlushAsync();
            });
            app.MapGet("/writer-end", async (HttpContext context, CounterSession counter) =>
            {
                counter.Count = 6;
                context.Response.BodyWriter.Write("saved?"u8);
                await WaitUntilTheSaveFailedAsync(); // then no flush: the response ends
            });
            app.MapGet("/writer-then-stream", async (HttpContext context, CounterSession counter) =>
            {
                counter.Count = 7;
                context.Response.BodyWriter.Write("A"u8);
                await WaitUntilTheSaveFailedAsync();
                await context.Response.Body.WriteAsync("B"u8.ToArray());
            });
            app.MapGet("/json", async (CounterSession counter) =>
            {
                counter.Count = 8;
                await Task.Yield();
                return Results.Ok(new { counter.Count });
            });
        },
        configure: options => options.Events.OnSaving = async _ =>
        {
            await Task.Delay(1); // the save has to wait, as on a server store
            _saveFailed.TrySetResult();
            throw new InvalidOperationException("the store refused the save");
        },
        services: services => services.AddLogging(b => b.AddProvider(_logs)),
        beforeSession: app => app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => context.Response.WriteAsync("error page"),
        }));

    private async Task WaitUntilTheSaveFailedAsync()
    {
        await _saveFailed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(100); // and its task has completed as failed
    }

    [Theory]
    [InlineData("/writer-flush")]
    [InlineData("/writer-end")]
    [InlineData("/writer-then-stream")]
    [InlineData("/json")]
    public async Task A_save_that_failed_while_the_response_waited_reaches_error_handling_not_the_client_as_200(string path)
    {
        await using var host = await StartAsync();

        var response = await host.NewBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("error page", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Name == "SaveFailedAndSwallowed");
    }
}
