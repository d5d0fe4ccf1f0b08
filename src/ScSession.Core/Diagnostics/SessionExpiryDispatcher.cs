using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ScSession.Internal;

/// <summary>
/// Runs <see cref="ScSessionEvents.OnExpired"/> outside requests: at start-up, when the application handles the event,
/// it asks the store (<see cref="ISessionExpirySource"/>) to report expired sessions into a bounded queue, and one
/// background loop raises the event for each, in order. The store's callback only queues (never blocks, never throws);
/// a handler's exception is logged and the loop goes on; at shutdown the reporting stops and what was queued is still
/// raised while the host's shutdown timeout lasts.
/// </summary>
internal sealed class SessionExpiryDispatcher(
    IOptions<ScSessionOptions> options,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : BackgroundService
{
    /// <summary>How many reports may wait; beyond it new ones are dropped (and counted in the log), never blocking a store.</summary>
    internal const int QueueCapacity = 10_000;

    private readonly Channel<ExpiredSession> _queue = Channel.CreateBounded<ExpiredSession>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly ILogger _logger = loggerFactory.CreateLogger("ScSession");
    private IAsyncDisposable? _reporting;
    private long _dropped;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var events = options.Value.Events;
        if (!EventHooks.Expired(events))
        {
            _queue.Writer.TryComplete();
            return; // nobody listens: the store is never asked to report
        }

        var store = services.GetService(typeof(ISessionStore)) as ISessionStore;
        if (store is not ISessionExpirySource source)
        {
            _queue.Writer.TryComplete();
            if (EventHooks.ExpiredDelegateSet(events))
            {
                throw new InvalidOperationException(store is null
                    ? "ScSessionEvents.OnExpired is set, but sessions are kept in cookies: a cookie session lives only in the browser, so nothing on the server knows when it expires and the handler would never run. Keep sessions in a server store that reports expiry (AddScSession().AddRedisStore(…), .AddPostgresStore(…) or .AddMemoryStore()), or remove the OnExpired handler."
                    : $"ScSessionEvents.OnExpired is set, but the session store {store.GetType().Name} does not report expired sessions (it does not implement ISessionExpirySource; an IDistributedCache removes expired entries without telling anyone), so the handler would never run. Use AddRedisStore(…), AddPostgresStore(…) or AddMemoryStore(), or remove the OnExpired handler.");
            }

            return;
        }

        try
        {
            _reporting = await source.StartReportingExpiredAsync(Report, cancellationToken).ConfigureAwait(false);
            Log.ExpiryReportingStarted(_logger, store.GetType().Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ExpiryReportingFailed(_logger, store.GetType().Name, ex);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_reporting is { } reporting)
        {
            _reporting = null;
            try
            {
                await reporting.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.ExpiryReportingFailed(_logger, "(stopping)", ex);
            }
        }

        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The store's callback: queues, or counts the report as dropped when the queue is full. Never throws.</summary>
    internal void Report(ExpiredSession session)
    {
        if (session is null || !_queue.Writer.TryWrite(session))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not cancelled by stoppingToken: after StopAsync completes the queue, what is left is still raised, until the
        // host's shutdown timeout abandons this loop.
        var events = options.Value.Events;
        await foreach (var expired in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
            {
                Log.ExpiryReportsDropped(_logger, dropped);
            }

            var (reason, expiredAt) = ReasonOf(expired.CreatedAt, expired.LastSeenAt, options.Value);
            try
            {
                Log.SessionExpiredInStore(_logger, expired.PublicId, reason);
                await events.Expired(new ScSessionExpiredContext(services, expired.PublicId, expired.OwnerId, reason, expired.CreatedAt, expired.LastSeenAt, expiredAt)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.ExpiredHandlerFailed(_logger, expired.PublicId, ex);
            }
        }
    }

    /// <summary>Which end came first: the idle end (last seen + idle timeout) or the absolute end (created + absolute timeout).</summary>
    internal static (SessionExpiryReason Reason, DateTimeOffset ExpiredAt) ReasonOf(DateTimeOffset createdAt, DateTimeOffset lastSeenAt, ScSessionOptions options)
    {
        var idleEnd = lastSeenAt + options.IdleTimeout;
        var absoluteEnd = createdAt + options.AbsoluteTimeout;
        return absoluteEnd <= idleEnd ? (SessionExpiryReason.Absolute, absoluteEnd) : (SessionExpiryReason.Idle, idleEnd);
    }
}
