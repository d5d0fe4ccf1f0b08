using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.TestSupport;

/// <summary>
/// A TestServer app with a server store and an <c>OnExpired</c> handler that records what it is given. <c>POST
/// /login/{owner}</c> sets the owner and writes the session, <c>GET /touch</c> writes it again; both answer with the
/// session's public ID.
/// </summary>
public sealed class ExpiryTestApp : IAsyncDisposable
{
    private readonly Channel<ScSessionExpiredContext> _expired = Channel.CreateUnbounded<ScSessionExpiredContext>();

    private ExpiryTestApp(WebApplication app, ListLoggerProvider logs)
    {
        App = app;
        Logs = logs;
    }

    public WebApplication App { get; }

    public ListLoggerProvider Logs { get; }

    /// <summary>How many times the handler was called (a throwing call included).</summary>
    public int Calls;

    public static async Task<ExpiryTestApp> StartAsync(
        TimeProvider time,
        TimeSpan idle,
        TimeSpan absolute,
        Action<ScSessionBuilder> store,
        Func<ScSessionExpiredContext, bool>? throwFor = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var logs = new ListLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton(time);
        services?.Invoke(builder.Services);
        ExpiryTestApp? self = null;
        store(builder.Services.AddScSession(o =>
        {
            o.SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            o.IdleTimeout = idle;
            o.AbsoluteTimeout = absolute;
            o.Events.OnExpired = context =>
            {
                Interlocked.Increment(ref self!.Calls);
                if (throwFor?.Invoke(context) == true)
                {
                    throw new InvalidOperationException("handler failed on purpose");
                }

                self._expired.Writer.TryWrite(context);
                return Task.CompletedTask;
            };
        }));

        var app = builder.Build();
        self = new ExpiryTestApp(app, logs);
        app.UseScSession();
        app.MapPost("/login/{owner}", async (string owner, HttpContext context) =>
        {
            await context.SetSessionOwnerAsync(owner);
            context.Session.SetString("n", "1");
            return context.Session.Id;
        });
        app.MapGet("/touch", async (HttpContext context) =>
        {
            await context.Session.LoadAsync();
            context.Session.SetString("n", Guid.NewGuid().ToString());
            return context.Session.Id;
        });
        app.MapGet("/ok", () => "ok");
        await app.StartAsync();
        return self;
    }

    public SessionBrowser NewBrowser() => new(App.GetTestClient());

    /// <summary>The next expiry the handler saw (fails after <paramref name="timeout"/>, 10 s by default).</summary>
    public async Task<ScSessionExpiredContext> NextExpiredAsync(TimeSpan? timeout = null)
    {
        try
        {
            return await _expired.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException("No OnExpired. The log: " + string.Join(" | ", Logs.Entries.Select(e => $"{e.EventId.Name}: {e.Message} {e.Exception?.Message}")), ex);
        }
    }

    /// <summary>True when no further expiry arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> NoMoreExpiredAsync(TimeSpan wait)
    {
        try
        {
            await _expired.Reader.WaitToReadAsync().AsTask().WaitAsync(wait);
            return !_expired.Reader.TryPeek(out _);
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
