using Microsoft.Extensions.Logging;

namespace ScSession.Internal;

/// <summary>
/// ScSession's log messages. Never logs cookie values, secrets or stored values: sessions by their public ID only,
/// and read failures by their kind, never by an exception message (which can quote the value).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "ScSession: no SecretKey is configured; session cookies are protected with ASP.NET Core Data Protection. Set ScSession:SecretKey to use XAES-256-GCM with a key you manage.", EventName = "UsingDataProtection")]
    public static partial void UsingDataProtection(ILogger logger);

    [LoggerMessage(2, LogLevel.Information, "Session cookie rejected ({Reason}); continuing with a new session.", EventName = "SessionRejected")]
    public static partial void SessionRejected(ILogger logger, SessionRejectionReason reason);

    [LoggerMessage(3, LogLevel.Debug, "Session {SessionId} expired ({Reason}); continuing with a new session.", EventName = "SessionExpired")]
    public static partial void SessionExpired(ILogger logger, string sessionId, SessionRejectionReason reason);

    [LoggerMessage(4, LogLevel.Warning, "Session section '{Section}': field '{Field}' of {TypeName} could not be read and was dropped: {Message}", EventName = "FieldDropped")]
    public static partial void FieldDropped(ILogger logger, string section, string typeName, string field, string message);

    [LoggerMessage(5, LogLevel.Warning, "Session section '{Section}' could not be read and was reset to defaults: {Reason}.", EventName = "SectionDropped")]
    public static partial void SectionDropped(ILogger logger, string section, string reason);

    [LoggerMessage(6, LogLevel.Warning, "Session {SessionId}: {Sections} changed after the response had started; the changes were not saved. Change session models before writing the response body.", EventName = "ChangeLost")]
    public static partial void ChangeLost(ILogger logger, string? sessionId, string sections);

    // Event 7 (session too large) and event 13 (store failed) are no longer logged here: those failures throw, reach the
    // application's exception handling, and the host logs them once. The IDs stay reserved.

    [LoggerMessage(8, LogLevel.Debug, "Session {SessionId} saved: {Sections}.", EventName = "SessionSaved")]
    public static partial void SessionSaved(ILogger logger, string sessionId, string sections);

    [LoggerMessage(9, LogLevel.Information, "Session renewed: new ID {SessionId}.", EventName = "SessionRenewed")]
    public static partial void SessionRenewed(ILogger logger, string sessionId);

    [LoggerMessage(10, LogLevel.Information, "Session {SessionId} destroyed.", EventName = "SessionDestroyed")]
    public static partial void SessionDestroyed(ILogger logger, string sessionId);

    [LoggerMessage(11, LogLevel.Information, "ScSession stores sessions in {Store}; the cookie carries only the session ID.", EventName = "UsingStore")]
    public static partial void UsingStore(ILogger logger, string store);

    [LoggerMessage(12, LogLevel.Warning, "The session's TempData could not be read and was dropped: {Reason}.", EventName = "TempDataDropped")]
    public static partial void TempDataDropped(ILogger logger, string reason);

    [LoggerMessage(14, LogLevel.Warning, "ScSession:SecretKey looks like a password or a phrase, not random bytes. It is accepted, but a guessable key lets anyone forge sessions: " + SecretKeyParser.HowToGenerate, EventName = "SecretKeyLooksLikeText")]
    public static partial void SecretKeyLooksLikeText(ILogger logger);

    [LoggerMessage(15, LogLevel.Warning, "ScSession: no SecretKey is configured, so session cookies depend on ASP.NET Core Data Protection, and no Data Protection key ring is configured: its keys stay on this machine (or in memory only), so other instances reject this one's cookies and a restart can end every session. Set ScSession:SecretKey (openssl rand -base64 32), or persist one key ring for all instances (builder.Services.AddDataProtection().PersistKeysTo…()).", EventName = "UsingUnsharedDataProtection")]
    public static partial void UsingUnsharedDataProtection(ILogger logger);

    [LoggerMessage(16, LogLevel.Warning, "Session cookies are Secure, but a request reached this app over plain HTTP (host {Host}): browsers drop Secure cookies sent over http:// except to localhost, so sessions do not stick. Serve the app over HTTPS — behind a proxy that ends TLS, call app.UseForwardedHeaders() so the request is seen as HTTPS — or, in Development only, set ScSession:Cookie:SecurePolicy to SameAsRequest. Logged once.", EventName = "SecureCookieOverHttp")]
    public static partial void SecureCookieOverHttp(ILogger logger, string host);

    [LoggerMessage(17, LogLevel.Warning, "Session model {Model} stores nothing: it has no property that is 'public partial' with get and set, so every change to it is lost. Declare its properties partial (public partial string? Name {{ get; set; }}); the build reports SCSN0007 for them. Logged once per model.", EventName = "ModelStoresNothing")]
    public static partial void ModelStoresNothing(ILogger logger, string model);

    [LoggerMessage(18, LogLevel.Error, "The session could not be saved, and the code that wrote the response caught the exception and went on: the session's changes in this request are lost. Let the exception reach your error handling.", EventName = "SaveFailedAndSwallowed")]
    public static partial void SaveFailedAndSwallowed(ILogger logger, Exception exception);

    [LoggerMessage(19, LogLevel.Warning, "The session store {Store} keeps no section versions, so session models without their own concurrency policy are last-write-wins: when two requests of one session change the same model at once, one change is overwritten. Use a store that supports SessionConcurrency.Optimistic (memory, Redis, PostgreSQL), or set ScSessionOptions.DefaultConcurrency = SessionConcurrency.LastWriteWins to accept it. Logged once at start-up.", EventName = "StoreIsLastWriteWins")]
    public static partial void StoreIsLastWriteWins(ILogger logger, string store);

    [LoggerMessage(20, LogLevel.Warning, "Session {SessionId}: gave up after {WaitedMs:0} ms waiting for the exclusive session model '{Section}', which another request of the session holds; nothing was saved (SessionLeaseTimeoutException). If requests that change it are slow, raise ScSession:ExclusiveWaitTimeout; if it is read on many pages, consider SessionConcurrency.Optimistic.", EventName = "LeaseTimedOut")]
    public static partial void LeaseTimedOut(ILogger logger, string sessionId, string section, double waitedMs);

    [LoggerMessage(21, LogLevel.Warning, "The lease of the exclusive session model '{Section}' could not be released; other requests of the session wait until it ends by itself, within {LeaseSeconds} s (ScSession:ExclusiveLeaseDuration).", EventName = "LeaseNotReleased")]
    public static partial void LeaseNotReleased(ILogger logger, string section, double leaseSeconds, Exception exception);

    [LoggerMessage(22, LogLevel.Warning, "Session {SessionId}: a request holding an exclusive session model asked for '{Section}', which another request holds, and gave up at once: waiting could deadlock with a request that waits the other way round. Nothing was saved (SessionLeaseTimeoutException). Take exclusive models in the order of their names, or make one of them optimistic.", EventName = "LeaseRefusedToAvoidDeadlock")]
    public static partial void LeaseRefusedToAvoidDeadlock(ILogger logger, string sessionId, string section);

    [LoggerMessage(23, LogLevel.Warning, "Session {SessionId}: a synchronous API asked for the exclusive session model '{Section}', which another request holds; synchronous APIs do not wait, so nothing was saved (SessionLeaseTimeoutException). Take the model asynchronously first (await HttpContext.Session.LoadAsync(), await context.Flash().LoadAsync(), await context.GetSessionAsync<T>()).", EventName = "LeaseRefusedToSynchronousCaller")]
    public static partial void LeaseRefusedToSynchronousCaller(ILogger logger, string sessionId, string section);

    // 30, not 24: other work in flight takes the next IDs; this one is easy to move at merge time.
    [LoggerMessage(30, LogLevel.Information, "A sign-in ended {Count} older session(s) of its user to stay within MaxSessionsPerOwner ({MaxSessions}).", EventName = "OwnerSessionsRevokedForLimit")]
    public static partial void OwnerSessionsRevokedForLimit(ILogger logger, int count, int maxSessions);

    [LoggerMessage(24, LogLevel.Information, "ScSession raises OnExpired for sessions {Store} reports expired.", EventName = "ExpiryReportingStarted")]
    public static partial void ExpiryReportingStarted(ILogger logger, string store);

    [LoggerMessage(25, LogLevel.Error, "The session store {Store} could not start reporting expired sessions: OnExpired is raised only for those it meets otherwise (see the exception for what to change).", EventName = "ExpiryReportingFailed")]
    public static partial void ExpiryReportingFailed(ILogger logger, string store, Exception exception);

    [LoggerMessage(26, LogLevel.Error, "The OnExpired handler failed for session {SessionId}; the next expiry goes on.", EventName = "ExpiredHandlerFailed")]
    public static partial void ExpiredHandlerFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(27, LogLevel.Warning, "{Count} expired sessions were not passed to OnExpired: the queue was full (OnExpired handlers are slower than sessions expire).", EventName = "ExpiryReportsDropped")]
    public static partial void ExpiryReportsDropped(ILogger logger, long count);

    [LoggerMessage(28, LogLevel.Debug, "Session {SessionId} expired in the store ({Reason}).", EventName = "SessionExpiredInStore")]
    public static partial void SessionExpiredInStore(ILogger logger, string sessionId, SessionExpiryReason reason);
}
