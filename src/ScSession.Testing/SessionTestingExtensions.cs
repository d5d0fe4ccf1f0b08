using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScSession.Internal;

namespace ScSession.Testing;

/// <summary>Send requests with a prepared session, and read what the application stored.</summary>
public static class SessionTestingExtensions
{
    /// <summary>
    /// Makes every request of <paramref name="client"/> carry a session holding <typeparamref name="T"/> as
    /// <paramref name="configure"/> leaves it (replacing any cookie header the client sends by default).
    /// </summary>
    /// <param name="client">A client of the application (e.g. <c>factory.CreateClient()</c>).</param>
    /// <param name="appServices">The application's services (<c>factory.Services</c>).</param>
    /// <param name="configure">Sets up the model.</param>
    public static async Task<HttpClient> WithSessionAsync<T>(this HttpClient client, IServiceProvider appServices, Action<T> configure)
        where T : class, ISessionModel<T>
    {
        ArgumentNullException.ThrowIfNull(client);
        var header = await TestSession.For(appServices).With(configure).ToCookieHeaderAsync().ConfigureAwait(false);
        client.DefaultRequestHeaders.Remove("Cookie");
        client.DefaultRequestHeaders.Add("Cookie", header);
        return client;
    }

    /// <summary>
    /// Reads the model <typeparamref name="T"/> of the session this response left: the session cookie it set, or, when
    /// it set none (nothing changed), the one the request sent. <see langword="null"/> when there is no valid session;
    /// a model holding defaults when the session has no data for <typeparamref name="T"/>.
    /// </summary>
    /// <param name="response">A response of the application.</param>
    /// <param name="appServices">The application's services (<c>factory.Services</c>).</param>
    public static async Task<T?> ReadSessionAsync<T>(this HttpResponseMessage response, IServiceProvider appServices)
        where T : class, ISessionModel<T>
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(appServices);
        var runtime = appServices.GetService<ScSessionRuntime>()
            ?? throw new InvalidOperationException("These services have no ScSession: pass the application's services (WebApplicationFactory.Services).");
        var cookies = ResponseCookies(response);
        if (cookies.Count == 0 || !cookies.ContainsKey(runtime.CookieName))
        {
            cookies = RequestCookies(response.RequestMessage);
        }

        var value = Join(cookies, runtime.CookieName);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var (envelope, rejection) = await runtime.Backend.LoadAsync(value.AsMemory(), CancellationToken.None).ConfigureAwait(false);
        if (envelope is null || rejection is not null)
        {
            return null;
        }

        if (!envelope.Sections.TryGetValue(T.SectionName, out var raw))
        {
            return T.CreateNew();
        }

        var reader = new Utf8JsonReader(raw.Span);
        reader.Read();
        return T.Read(ref reader, new SessionReadContext(T.SectionName));
    }

    private static Dictionary<string, string> ResponseCookies(HttpResponseMessage response)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (response.Headers.TryGetValues("Set-Cookie", out var headers))
        {
            foreach (var header in headers)
            {
                var pair = header.Split(';', 2)[0];
                var separator = pair.IndexOf('=', StringComparison.Ordinal);
                if (separator > 0)
                {
                    cookies[pair[..separator]] = Uri.UnescapeDataString(pair[(separator + 1)..]);
                }
            }
        }

        return cookies;
    }

    private static Dictionary<string, string> RequestCookies(HttpRequestMessage? request)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request is not null && request.Headers.TryGetValues("Cookie", out var headers))
        {
            foreach (var pair in headers.SelectMany(h => h.Split(';')))
            {
                var separator = pair.IndexOf('=', StringComparison.Ordinal);
                if (separator > 0)
                {
                    cookies[pair[..separator].Trim()] = Uri.UnescapeDataString(pair[(separator + 1)..].Trim());
                }
            }
        }

        return cookies;
    }

    private static string? Join(Dictionary<string, string> cookies, string name)
    {
        if (!cookies.TryGetValue(name, out var first) || !first.StartsWith("chunks-", StringComparison.Ordinal))
        {
            return first;
        }

        if (!int.TryParse(first.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }

        var value = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            if (!cookies.TryGetValue(name + "C" + i.ToString(CultureInfo.InvariantCulture), out var chunk))
            {
                return null;
            }

            value.Append(chunk);
        }

        return value.ToString();
    }
}
