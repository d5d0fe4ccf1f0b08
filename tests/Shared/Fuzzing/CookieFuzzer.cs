using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.TestSupport.Fuzzing;

/// <summary>The model behind the fuzzed endpoint: a counter, and padding that makes a cookie session span chunks.</summary>
[SessionModel(Name = "fuzz")]
public partial class FuzzSession
{
    public partial int Count { get; set; }

    public partial string Padding { get; set; }

    public partial int Touches { get; set; }
}

/// <summary>What a fuzz run saw.</summary>
public sealed record FuzzReport(
    int Cases,
    int Accepted,
    int Rejected,
    int Fresh,
    int MostSessionSetCookies,
    TimeSpan Median,
    TimeSpan P99,
    TimeSpan Slowest,
    string SlowestHeaderStart,
    TimeSpan SlowestAgain,
    TimeSpan Total,
    IReadOnlyList<string> Failures)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Cases:N0} cases in {Total.TotalSeconds:0.0} s: {Accepted:N0} accepted (valid), {Rejected:N0} rejected, {Fresh:N0} without a session cookie; " +
        $"at most {MostSessionSetCookies} session Set-Cookie; per case median {Median.TotalMicroseconds:0} µs, p99 {P99.TotalMicroseconds:0} µs, " +
        $"slowest {Slowest.TotalMilliseconds:0.0} ms ({SlowestHeaderStart}; the same header again: {SlowestAgain.TotalMicroseconds:0} µs); {Failures.Count} failures");
}

/// <summary>
/// Sends generated <c>Cookie</c> headers to a real ASP.NET Core pipeline (TestServer) with ScSession on a given backend,
/// one request at a time (every fourth one changes the session, so the write path runs too), and checks each response:
/// no exception escapes, no 5xx, at most <c>MaxCookieChunks + 1</c> session <c>Set-Cookie</c> headers, at most one
/// <c>OnRejected</c> and one ScSession log line, a session cookie in the header is never ignored, a rejected one has a
/// reason for bad input and is expired or replaced, and nothing is accepted but a valid session carried verbatim (an
/// intact valid session must be accepted). Times every case.
/// </summary>
public sealed class CookieFuzzer : IAsyncDisposable
{
    public const string CookieName = ".scs";
    public const int MaxChunks = 4;

    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Cases per backend in the normal test run; <c>SCSESSION_FUZZ_CASES</c> overrides it (the long run).</summary>
    public static int CaseCount => int.TryParse(Environment.GetEnvironmentVariable("SCSESSION_FUZZ_CASES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 20_000;

    /// <summary>The fixed seed; <c>SCSESSION_FUZZ_SEED</c> overrides it.</summary>
    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("SCSESSION_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20261130;

    private static readonly SessionRejectionReason[] s_reasonsForBadCookies =
        [SessionRejectionReason.Malformed, SessionRejectionReason.Tampered, SessionRejectionReason.UnknownKey, SessionRejectionReason.NotFound, SessionRejectionReason.TooLarge];

    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly CountingLoggerProvider _logs;
    private int _rejections;
    private SessionRejectionReason? _lastReason;

    private CookieFuzzer(WebApplication app, CountingLoggerProvider logs)
    {
        _app = app;
        _logs = logs;
        _client = app.GetTestClient();
    }

    /// <param name="configure">Options on top of the defaults (a random secret key, the fuzzer's cookie name and chunk limit).</param>
    /// <param name="store">Chooses a server store; null keeps the cookie store.</param>
    public static async Task<CookieFuzzer> StartAsync(Action<ScSessionOptions>? configure = null, Action<ScSessionBuilder>? store = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var logs = new CountingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        CookieFuzzer? self = null;
        var session = builder.Services.AddScSession(o =>
        {
            o.SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            o.Cookie.Name = CookieName;
            o.MaxCookieChunks = MaxChunks;
            o.Events.OnRejected = context =>
            {
                Interlocked.Increment(ref self!._rejections);
                self._lastReason = context.Reason;
                return Task.CompletedTask;
            };
            configure?.Invoke(o);
        });
        store?.Invoke(session);
        var app = builder.Build();
        app.UseScSession();
        app.MapGet("/peek", (FuzzSession s) => s.Count);
        app.MapPost("/touch", (FuzzSession s) =>
        {
            s.Touches++; // a change: the response writes the session (and expires chunks it no longer needs)
            return s.Count;
        });
        app.MapPost("/prepare/{count:int}/{padding:int}", (int count, int padding, FuzzSession s) =>
        {
            s.Count = count;
            s.Padding = RandomNumberGenerator.GetHexString(padding); // incompressible: the cookie grows with it
            return Results.NoContent();
        });
        await app.StartAsync();
        self = new CookieFuzzer(app, logs);
        return self;
    }

    /// <summary>Creates valid sessions through the app itself: one small, one of two chunks, one of four (cookie store).</summary>
    public async Task<IReadOnlyList<ValidSession>> PrepareValidSessionsAsync()
    {
        var sessions = new List<ValidSession>();
        foreach (var (count, padding) in new[] { (7, 10), (11, 4_000), (13, 9_000) })
        {
            using var response = await _client.PostAsync(string.Create(CultureInfo.InvariantCulture, $"/prepare/{count}/{padding}"), null);
            response.EnsureSuccessStatusCode();
            var cookies = response.Headers.GetValues("Set-Cookie")
                .Select(h => h.Split(';', 2)[0])
                .Select(p => new KeyValuePair<string, string>(p[..p.IndexOf('=', StringComparison.Ordinal)], p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]))
                .Where(c => c.Value.Length > 0)
                .ToList();
            sessions.Add(new ValidSession(count, cookies));
        }

        return sessions;
    }

    /// <summary>
    /// Starts an app on the backend, runs <see cref="CaseCount"/> cases with <see cref="Seed"/>, writes the report to the
    /// test output and fails on any failure, on a grammar that missed valid or invalid sessions, or on a case slower than 5 s.
    /// </summary>
    public static async Task RunAndAssertAsync(string backend, Xunit.Abstractions.ITestOutputHelper output, Action<ScSessionOptions>? configure = null, Action<ScSessionBuilder>? store = null)
    {
        await using var fuzzer = await StartAsync(configure, store);

        var report = await fuzzer.RunAsync(CaseCount, Seed);

        output.WriteLine($"{backend}: {report}");
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures));
        Assert.True(report.Accepted > 0 && report.Rejected > 0, "the grammar must reach both valid and invalid sessions");
        Assert.True(report.Slowest < TimeSpan.FromSeconds(5), $"one case took {report.Slowest.TotalSeconds:0.0} s: {report.SlowestHeaderStart}");
    }

    public async Task<FuzzReport> RunAsync(int cases, int seed)
    {
        var valid = await PrepareValidSessionsAsync();
        var grammar = new CookieHeaderGrammar(seed, CookieName, MaxChunks, valid);
        var failures = new List<string>();
        var times = new long[cases];
        int accepted = 0, rejected = 0, fresh = 0, mostSetCookies = 0;
        var slowest = (Ticks: 0L, Header: string.Empty, Case: (FuzzCase?)null, Write: false);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < cases; i++)
        {
            var fuzz = grammar.Next();
            var write = i % 4 == 3; // every fourth case changes the session, so the write path is fuzzed too
            Volatile.Write(ref _rejections, 0);
            _lastReason = null;
            _logs.Reset();
            var started = Stopwatch.GetTimestamp();
            string? failure;
            try
            {
                // A request that never answers (the old forged-chunk-count loop) fails the case instead of the whole run.
                (failure, var outcome, var setCookies) = await SendAsync(fuzz, valid, write).WaitAsync(CaseTimeout);
                mostSetCookies = Math.Max(mostSetCookies, setCookies);
                _ = outcome switch
                {
                    "accepted" => accepted++,
                    "rejected" => rejected++,
                    _ => fresh++,
                };
            }
            catch (TimeoutException)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"case {i} ({fuzz.Production}): no answer within {CaseTimeout.TotalSeconds} s; the run stops here — Cookie: {Shorten(fuzz.Header)}"));
                cases = i + 1;
                Array.Resize(ref times, cases);
                times[i] = Stopwatch.GetTimestamp() - started;
                break;
            }
            catch (Exception ex)
            {
                failure = "exception escaped: " + ex.GetType().Name + ": " + ex.Message;
            }

            times[i] = Stopwatch.GetTimestamp() - started;
            if (times[i] > slowest.Ticks)
            {
                slowest = (times[i], string.Create(CultureInfo.InvariantCulture, $"case {i}: ") + fuzz.Header[..Math.Min(60, fuzz.Header.Length)], fuzz, write);
            }

            if (failure is not null && failures.Count < 20)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"case {i} ({fuzz.Production}): {failure} — Cookie: {Shorten(fuzz.Header)}"));
            }
        }

        total.Stop();

        // Sent again, the slowest header shows whether its time was work the input caused or a pause of the process.
        var again = long.MaxValue;
        for (var attempt = 0; attempt < 3 && slowest.Case is not null; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            await SendAsync(slowest.Case, valid, slowest.Write).WaitAsync(CaseTimeout);
            again = Math.Min(again, Stopwatch.GetTimestamp() - started);
        }

        Array.Sort(times);
        return new FuzzReport(
            cases, accepted, rejected, fresh, mostSetCookies,
            Stopwatch.GetElapsedTime(0, times[cases / 2]),
            Stopwatch.GetElapsedTime(0, times[Math.Min(cases - 1, (int)(cases * 0.99))]),
            Stopwatch.GetElapsedTime(0, slowest.Ticks),
            slowest.Header,
            slowest.Case is null ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, again),
            total.Elapsed,
            failures);
    }

    private async Task<(string? Failure, string Outcome, int SessionSetCookies)> SendAsync(FuzzCase fuzz, IReadOnlyList<ValidSession> valid, bool write)
    {
        using var request = new HttpRequestMessage(write ? HttpMethod.Post : HttpMethod.Get, write ? "/touch" : "/peek");
        request.Headers.TryAddWithoutValidation("Cookie", fuzz.Header);
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var sessionSetCookies = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(v => IsSessionCookie(v.Split('=', 2)[0])).ToList()
            : [];
        var setCookies = sessionSetCookies.Count;
        var rejections = Volatile.Read(ref _rejections);
        var logLines = _logs.Count;
        var outcome = body != "0" ? "accepted" : rejections > 0 ? "rejected" : "fresh";

        if ((int)response.StatusCode >= 500 || !response.IsSuccessStatusCode)
        {
            return ($"status {(int)response.StatusCode}", outcome, setCookies);
        }

        if (setCookies > MaxChunks + 1)
        {
            return ($"{setCookies} session Set-Cookie headers (the bound is {MaxChunks + 1})", outcome, setCookies);
        }

        if (rejections > 1)
        {
            return ($"{rejections} OnRejected for one request", outcome, setCookies);
        }

        if (logLines > 1)
        {
            return ($"{logLines} ScSession log lines for one request (at most one)", outcome, setCookies);
        }

        if (outcome == "fresh" && CarriesSessionCookie(fuzz.Header))
        {
            return ("the session cookie was neither accepted nor rejected", outcome, setCookies);
        }

        if (outcome == "rejected")
        {
            if (_lastReason is not { } reason || Array.IndexOf(s_reasonsForBadCookies, reason) < 0)
            {
                return ($"rejected with the reason {_lastReason}", outcome, setCookies);
            }

            if (!sessionSetCookies.Any(c => c.StartsWith(CookieName + "=", StringComparison.Ordinal)))
            {
                return ("a rejected session cookie was neither expired nor replaced", outcome, setCookies);
            }
        }

        if (fuzz.Intact is { } intact && body != intact.Count.ToString(CultureInfo.InvariantCulture))
        {
            return ($"an intact valid session (count {intact.Count}) was not accepted: got {body}", outcome, setCookies);
        }

        if (body != "0")
        {
            var match = valid.FirstOrDefault(v => v.Count.ToString(CultureInfo.InvariantCulture) == body);
            if (match is null)
            {
                return ($"accepted a session no valid cookie holds: count {body}", outcome, setCookies);
            }

            if (!CarriesPayloadOf(fuzz.Header, match))
            {
                return ($"accepted the session with count {body} although its encoded value was not in the header", outcome, setCookies);
            }
        }

        return (null, outcome, setCookies);
    }

    /// <summary>
    /// True when the header carries the session's whole encoded value: as the main cookie, or as chunks
    /// <c>nameC1</c>, <c>nameC2</c>… whose values, joined in index order, spell it (duplicates may stand beside them).
    /// Reframing a valid value (an unchunked value sent as <c>chunks-1</c> and one chunk) carries the same authentic
    /// bytes, so accepting it is correct; anything else is not.
    /// </summary>
    private static bool CarriesPayloadOf(string header, ValidSession session)
    {
        var payload = session.Cookies.Count == 1
            ? session.Cookies[0].Value
            : string.Concat(session.Cookies.Skip(1).Select(c => c.Value));
        var pairs = header.Split(';')
            .Select(p => p.Trim())
            .Where(p => p.Contains('=', StringComparison.Ordinal))
            .Select(p => (Name: p[..p.IndexOf('=', StringComparison.Ordinal)], Value: p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToList();
        if (pairs.Any(p => p.Name == CookieName && p.Value == payload))
        {
            return true;
        }

        return Spells(1, 0);

        bool Spells(int index, int position)
        {
            if (position == payload.Length)
            {
                return true;
            }

            var name = CookieName + "C" + index.ToString(CultureInfo.InvariantCulture);
            foreach (var (_, value) in pairs.Where(p => p.Name == name).Distinct())
            {
                if (value.Length > 0 && position + value.Length <= payload.Length
                    && string.CompareOrdinal(payload, position, value, 0, value.Length) == 0
                    && Spells(index + 1, position + value.Length))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// True when the header carries the session cookie with a value, as RFC 6265 reads it: pairs split at <c>;</c>,
    /// blanks around them trimmed, the name compared exactly. Such a cookie must be accepted or rejected, never ignored.
    /// </summary>
    private static bool CarriesSessionCookie(string header)
        => header.Split(';').Select(p => p.Trim(' ', '\t')).Any(p => p.StartsWith(CookieName + "=", StringComparison.Ordinal) && p.Length > CookieName.Length + 1);

    private static bool IsSessionCookie(string name)
        => name == CookieName || (name.StartsWith(CookieName + "C", StringComparison.Ordinal) && name.Length > CookieName.Length + 1);

    private static string Shorten(string header)
    {
        var text = header.Length <= 300 ? header : header[..200] + $"…({header.Length} chars)…" + header[^60..];
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : c.ToString());
        }

        return builder.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Counts ScSession's log lines (Information and above) since the last reset: at most one per request.</summary>
internal sealed class CountingLoggerProvider : ILoggerProvider
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Volatile.Write(ref _count, 0);

    public ILogger CreateLogger(string categoryName) => categoryName == "ScSession" ? new Counter(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Counter(CountingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Interlocked.Increment(ref provider._count);
    }
}
