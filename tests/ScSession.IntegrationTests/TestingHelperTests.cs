using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ScSession.Samples.Shop;
using ScSession.Testing;

namespace ScSession.IntegrationTests;

/// <summary>ScSession.Testing, as users would use it with WebApplicationFactory.</summary>
public sealed class TestingHelperTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        HandleCookies = false,
        AllowAutoRedirect = false,
    });

    [Fact]
    public async Task Request_with_a_prepared_cart_sees_it()
    {
        var client = await NewClient().WithSessionAsync<CartSession>(factory.Services, cart =>
        {
            cart.Add("TEA-01");
            cart.Add("TEA-01");
        });

        Assert.Equal("""[{"sku":"TEA-01","quantity":2}]""", await client.GetStringAsync("/api/cart"));
        Assert.Contains("<span id=\"cart-count\">2</span>", await client.GetStringAsync("/Cart"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_the_app_stored_can_be_read_from_the_response()
    {
        var client = NewClient();

        using var response = await client.PostAsync("/api/theme/Dark", null);

        var preferences = await response.ReadSessionAsync<PreferencesSession>(factory.Services);
        Assert.NotNull(preferences);
        Assert.Equal(Theme.Dark, preferences.Theme);
        Assert.Empty((await response.ReadSessionAsync<CartSession>(factory.Services))!.Lines);
    }

    [Fact]
    public async Task Unchanged_session_is_read_from_the_request()
    {
        var client = await NewClient().WithSessionAsync<PreferencesSession>(factory.Services, p => p.Theme = Theme.Dark);

        using var response = await client.GetAsync("/api/cart");

        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(Theme.Dark, (await response.ReadSessionAsync<PreferencesSession>(factory.Services))!.Theme);
    }

    [Fact]
    public async Task No_session_reads_as_null()
    {
        using var response = await NewClient().GetAsync("/api/cart");

        Assert.Null(await response.ReadSessionAsync<CartSession>(factory.Services));
    }

    [Fact]
    public async Task Works_with_a_server_store_and_chunked_cookies()
    {
        await using var stored = await SessionTestHost.StartAsync(app => Endpoints.Map(app), services: s => s.AddScSession().AddMemoryStore());
        var storeClient = await stored.NewBrowser().Client.WithSessionAsync<CounterSession>(stored.App.Services, c => c.Count = 41);
        using (var response = await storeClient.GetAsync("/count"))
        {
            Assert.Equal("42", await response.Content.ReadAsStringAsync());
            Assert.Equal(42, (await response.ReadSessionAsync<CounterSession>(stored.App.Services))!.Count);
        }

        await using var cookie = await SessionTestHost.StartAsync(app => Endpoints.Map(app));
        var big = new string('x', 9000);
        var bigClient = await cookie.NewBrowser().Client.WithSessionAsync<BlobSession>(cookie.App.Services, b => b.Data = big);
        Assert.Equal("9000", await bigClient.GetStringAsync("/blob/length"));
    }
}
