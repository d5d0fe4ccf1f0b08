using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScSession.Internal;

namespace ScSession.Testing;

/// <summary>
/// A session prepared by a test and turned into the cookie the application would have issued — encrypted with the
/// application's own key material (cookie store) or written to its store (server stores). Get one with
/// <see cref="For"/> from the application's services (<c>WebApplicationFactory.Services</c>).
/// </summary>
/// <example>
/// <code>
/// var session = TestSession.For(factory.Services).With&lt;CartSession&gt;(cart => cart.Items.Add("TEA-01"));
/// var client = factory.CreateClient();
/// client.DefaultRequestHeaders.Add("Cookie", await session.ToCookieHeaderAsync());
/// </code>
/// </example>
public sealed class TestSession
{
    private readonly ScSessionRuntime _runtime;
    private readonly Dictionary<string, ReadOnlyMemory<byte>> _sections = new(StringComparer.Ordinal);

    private TestSession(IServiceProvider services)
    {
        _runtime = services.GetService<ScSessionRuntime>()
            ?? throw new InvalidOperationException("These services have no ScSession: pass the application's services (WebApplicationFactory.Services) of an app that calls AddScSession().");
    }

    /// <summary>Starts an empty session for the application whose services these are.</summary>
    public static TestSession For(IServiceProvider appServices)
    {
        ArgumentNullException.ThrowIfNull(appServices);
        return new TestSession(appServices);
    }

    /// <summary>Adds (or replaces) the model <typeparamref name="T"/>, starting from its defaults, as <paramref name="configure"/> leaves it.</summary>
    public TestSession With<T>(Action<T> configure) where T : class, ISessionModel<T>
    {
        ArgumentNullException.ThrowIfNull(configure);
        var model = T.CreateNew();
        configure(model);
        using var buffer = new PooledBufferWriter(256);
        using (var writer = new Utf8JsonWriter(buffer, TrackedModel.WriterOptions))
        {
            T.Write(writer, model);
        }

        _sections[T.SectionName] = buffer.WrittenSpan.ToArray();
        return this;
    }

    /// <summary>
    /// The value of a <c>Cookie</c> request header carrying this session (chunked like the application would). With a
    /// server store, the session is written to the store first.
    /// </summary>
    public async Task<string> ToCookieHeaderAsync(CancellationToken cancellationToken = default)
    {
        var now = _runtime.Time.GetUtcNow();
        var envelope = new SessionEnvelope(RandomNumberGenerator.GetBytes(SessionEnvelope.SessionIdLength), now, now);
        foreach (var (name, data) in _sections)
        {
            envelope.Sections[name] = data;
        }

        // The application's own path: the cookie codec, or the store behind the same guard as a request's save.
        var write = new SessionWrite(true, now, now, _runtime.Options.IdleTimeout, _sections);
        cancellationToken.ThrowIfCancellationRequested(); // a write, once started, is not cancelled (as for a request)
        var value = await _runtime.Backend.SaveAsync(envelope, write).ConfigureAwait(false);

        return CookieHeader(_runtime.CookieName, value, _runtime.Options.CookieChunkSize - 256);
    }

    private static string CookieHeader(string name, string value, int chunkSize)
    {
        if (value.Length <= chunkSize)
        {
            return name + "=" + value;
        }

        var count = (value.Length + chunkSize - 1) / chunkSize;
        var header = new StringBuilder(name).Append("=chunks-").Append(count.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < count; i++)
        {
            header.Append("; ").Append(name).Append('C').Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append('=')
                .Append(value, i * chunkSize, Math.Min(chunkSize, value.Length - (i * chunkSize)));
        }

        return header.ToString();
    }
}
