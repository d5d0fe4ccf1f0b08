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
