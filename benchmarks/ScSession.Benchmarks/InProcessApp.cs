using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using ScSession.Benchmarks.Shared;

namespace ScSession.Benchmarks;

/// <summary>
/// One variant's pipeline built with <see cref="ApplicationBuilder"/> and invoked directly on a
/// <see cref="DefaultHttpContext"/>: no server, no sockets, so what differs between variants is the session work.
/// The request carries the cookies of an earlier response, as a browser would.
/// </summary>
public sealed class InProcessApp : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly RequestDelegate _pipeline;
    private string? _cookieHeader;

    public InProcessApp(Variant variant, string? redis = null)
    {
        Variant = variant;
        _services = Variants.CreateServices(variant, redis);
        var app = new ApplicationBuilder(_services);
        Variants.Configure(app, variant);
        _pipeline = app.Build();
    }

    public Variant Variant { get; }

    public string? CookieHeader => _cookieHeader;

    /// <summary>Sends requests until the session exists, keeps its cookies, and checks that a request with them saves.</summary>
    public async Task PrimeAsync()
    {
        var first = await InvokeAsync();
        _cookieHeader = CookiesOf(first);
        if (Variant != Variant.None && string.IsNullOrEmpty(_cookieHeader))
        {
            throw new InvalidOperationException($"{Variant}: the first response set no cookie.");
        }

        var body = new MemoryStream();
        var second = await InvokeAsync(body);
        var answer = System.Text.Encoding.ASCII.GetString(body.ToArray());
        if (second.Response.StatusCode != 200 || answer != "11")
        {
            throw new InvalidOperationException($"{Variant}: status {second.Response.StatusCode}, loaded '{answer}' lines (expected 11: the session was not carried).");
        }

        if (Variant is Variant.ScSessionCookie or Variant.DataProtectionCookie && string.IsNullOrEmpty(CookiesOf(second)))
        {
            throw new InvalidOperationException($"{Variant}: a request that changes the cart set no cookie.");
        }
    }

    /// <summary>One request through the pipeline, then the response's OnStarting callbacks (as a server would run them).</summary>
    public async Task<HttpContext> InvokeAsync(Stream? body = null)
    {
        var response = new RecordingResponseFeature();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseFeature>(response);
        context.RequestServices = _services;
        if (body is not null)
        {
            context.Response.Body = body;
        }

        var request = context.Request;
        request.Method = HttpMethods.Post;
        request.Scheme = "https";
        request.Host = new HostString("localhost");
        request.Path = "/cart";
        if (_cookieHeader is not null)
        {
            request.Headers.Cookie = _cookieHeader;
        }

        await _pipeline(context);
        await response.FireOnStartingAsync();
        return context;
    }

    /// <summary>The <c>Cookie</c> header a browser would send after <paramref name="context"/>'s response.</summary>
    private static string CookiesOf(HttpContext context)
    {
        var pairs = new List<string>();
        foreach (var header in context.Response.Headers.SetCookie)
        {
            var pair = header!.Split(';')[0];
            if (!pair.EndsWith('='))
            {
                pairs.Add(pair);
            }
        }

        return string.Join("; ", pairs);
    }

    public void Dispose() => _services.Dispose();

    /// <summary>A response feature that keeps the OnStarting callbacks so they can be run after the pipeline.</summary>
    private sealed class RecordingResponseFeature : HttpResponseFeature
    {
        private List<(Func<object, Task> Callback, object State)>? _onStarting;

        public override void OnStarting(Func<object, Task> callback, object state)
            => (_onStarting ??= new(2)).Add((callback, state));

        public async Task FireOnStartingAsync()
        {
            if (_onStarting is null)
            {
                return;
            }

            for (var i = _onStarting.Count - 1; i >= 0; i--)
            {
                await _onStarting[i].Callback(_onStarting[i].State);
            }
        }
    }
}
