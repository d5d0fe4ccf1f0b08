using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ScSession.IntegrationTests;

/// <summary>A real ASP.NET Core pipeline on TestServer with ScSession, a fake clock and recorded events.</summary>
public sealed class SessionTestHost : IAsyncDisposable
{
    public static readonly string DefaultKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private SessionTestHost(WebApplication app, FakeTimeProvider time, SessionEventLog events)
    {
        App = app;
        Time = time;
        Events = events;
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public SessionEventLog Events { get; }

    public static async Task<SessionTestHost> StartAsync(
        Action<WebApplication> map,
        Action<ScSessionOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<IApplicationBuilder>? beforeSession = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var events = new SessionEventLog();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddScSession(options =>
        {
            options.SecretKey = DefaultKey;
            events.Attach(options.Events);
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);

        var app = builder.Build();
        beforeSession?.Invoke(app);
        app.UseScSession();
        map(app);
        await app.StartAsync();
        return new SessionTestHost(app, time, events);
    }

    public SessionBrowser NewBrowser() => new(App.GetTestClient());

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Every event ScSession raised, in order.</summary>
public sealed class SessionEventLog
{
    private readonly List<string> _entries = [];

    public List<ScSessionRejectedContext> Rejected { get; } = [];

    public List<ScSessionSavingContext> Saving { get; } = [];

    public List<ScSessionLateChangeContext> ChangesLost { get; } = [];

    public List<ScSessionContext> Renewed { get; } = [];

    public List<ScSessionContext> Destroyed { get; } = [];

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public void Clear()
    {
        lock (_entries)
        {
            _entries.Clear();
            Rejected.Clear();
            Saving.Clear();
            ChangesLost.Clear();
            Renewed.Clear();
            Destroyed.Clear();
        }
    }

    private void Add(string entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }

    public void Attach(ScSessionEvents events)
    {
        events.OnCreated = c => { Add("created"); return Task.CompletedTask; };
        events.OnLoaded = c => { Add("loaded"); return Task.CompletedTask; };
        events.OnRenewed = c => { Add("renewed"); Renewed.Add(c); return Task.CompletedTask; };
        events.OnDestroyed = c => { Add("destroyed"); Destroyed.Add(c); return Task.CompletedTask; };
        events.OnSaving = c => { Add("saving:" + string.Join(",", c.ChangedSections)); Saving.Add(c); return Task.CompletedTask; };
        events.OnRejected = c => { Add("rejected:" + c.Reason); Rejected.Add(c); return Task.CompletedTask; };
        events.OnChangeLost = c => { Add("lost:" + string.Join(",", c.Sections)); ChangesLost.Add(c); return Task.CompletedTask; };
    }
}

/// <summary>
/// A minimal browser: keeps the cookies the server sets (including deletions) and sends them back, and exposes the
/// raw <c>Set-Cookie</c> headers of the last response.
/// </summary>
public sealed class SessionBrowser(HttpClient client)
{
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    public HttpClient Client => client;

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<HttpResponseMessage> PostAsync(string path, HttpContent? content = null)
        => SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content });

    public async Task<string> GetStringAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => c.Key + "=" + c.Value)));
        }

        var response = await client.SendAsync(request);
        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];
        foreach (var header in LastSetCookies)
        {
            var nameValue = header.Split(';', 2)[0];
            var separator = nameValue.IndexOf('=', StringComparison.Ordinal);
            var name = nameValue[..separator];
            var value = nameValue[(separator + 1)..];
            var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
            if (expired || value.Length == 0)
            {
                Cookies.Remove(name);
            }
            else
            {
                Cookies[name] = value;
            }
        }

        return response;
    }

    /// <summary>The <c>Set-Cookie</c> header of the last response for <paramref name="name"/>, if any.</summary>
    public string? SetCookieFor(string name)
        => LastSetCookies.FirstOrDefault(h => h.StartsWith(name + "=", StringComparison.Ordinal));
}
