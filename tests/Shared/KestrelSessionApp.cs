using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.TestSupport;

/// <summary>The model of <see cref="KestrelSessionApp"/>.</summary>
[SessionModel(Name = "kestrel-counter")]
public partial class KestrelCounterSession
{
    public partial int Count { get; set; }
}

/// <summary>
/// A real Kestrel server on a free loopback port with ScSession on a given store, for what only a real connection
/// shows: a client that goes away before the response starts. <c>/slow</c> changes the session, then holds the
/// request until the client has disconnected, then ends it normally (so the final save runs after the abort).
/// </summary>
public sealed class KestrelSessionApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _slowRequestWaiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slowRequestEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KestrelSessionApp(WebApplication app, Uri address, ListLoggerProvider logs)
    {
        _app = app;
        Address = address;
        Logs = logs;
    }

    public Uri Address { get; }

    public ListLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Completes when <c>/slow</c> has changed the session and waits for the client to go away.</summary>
    public Task SlowRequestWaiting => _slowRequestWaiting.Task;

    /// <summary>Completes when <c>/slow</c> has returned and ScSession has finished with it (saved, or failed).</summary>
    public Task SlowRequestEnded => _slowRequestEnded.Task;

    public static async Task<KestrelSessionApp> StartAsync(Action<ScSessionBuilder> store)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var logs = new ListLoggerProvider();
        builder.Logging.AddProvider(logs);
        store(builder.Services.AddScSession(o =>
        {
            o.SecretKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
#pragma warning disable SCSN0103 // plain HTTP on loopback, in a test: HttpClient sends no Secure cookie over http://
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
#pragma warning restore SCSN0103
        }));
        var app = builder.Build();
        KestrelSessionApp? self = null;
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                // writing to a connection that is gone: expected here
            }
            finally
            {
                if (context.Request.Path == "/slow")
                {
                    self!._slowRequestEnded.TrySetResult();
                }
            }
        });
        app.UseScSession();
        app.MapGet("/count", (KestrelCounterSession s) => ++s.Count);
        app.MapGet("/count/peek", (KestrelCounterSession s) => s.Count);
        app.MapGet("/slow", async (HttpContext context, KestrelCounterSession s, bool? body) =>
        {
            s.Count++;
            self!._slowRequestWaiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default); // until the client is gone
            if (body == true)
            {
                await context.Response.WriteAsync("too late to be read"); // the save runs at this first write
            }
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        self = new KestrelSessionApp(app, address, logs);
        return self;
    }

    /// <summary>A client that keeps the session cookie (over plain HTTP, as the cookie is not Secure here).</summary>
    public HttpClient NewClient() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = Address };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
