using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ScSession.Internal;

/// <summary>
/// Deletes expired sessions, and the rows of leases that ended unreleased, every
/// <see cref="PostgresSessionStoreOptions.CleanupInterval"/> (registered by <c>AddPostgresStore</c>).
/// </summary>
internal sealed partial class PostgresSessionCleanupService(PostgresSessionStore store, TimeProvider time, ILogger<PostgresSessionCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = store.CleanupInterval;
        if (interval <= TimeSpan.Zero || interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var deleted = await store.DeleteExpiredAsync(stoppingToken).ConfigureAwait(false);
                    LogDeleted(logger, deleted);
                }
                catch (Exception ex) when (PostgresSessionStore.IsStoreFailure(ex))
                {
                    // Requests report their own failures; the cleanup reports its own and tries again next time.
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(101, LogLevel.Debug, "PostgreSQL session store: deleted {Count} expired sessions.", EventName = "PostgresExpiredDeleted")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(102, LogLevel.Warning, "PostgreSQL session store: deleting expired sessions failed; retrying at the next interval.", EventName = "PostgresCleanupFailed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
