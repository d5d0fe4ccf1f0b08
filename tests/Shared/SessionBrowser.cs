using System.Net;

namespace ScSession.TestSupport;

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
