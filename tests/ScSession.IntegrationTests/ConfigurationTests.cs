using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ScSession.IntegrationTests;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task Short_secret_key_stops_the_application_at_start_up()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
#pragma warning disable SCSN0102 // a deliberately bad key: start-up validation under test rejects it
            SessionTestHost.StartAsync(app => Endpoints.Map(app), o => o.SecretKey = "hunter2"));
#pragma warning restore SCSN0102

        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_rotation_reads_old_cookies_and_rewrites_them_with_the_new_key()
    {
        var oldKey = SessionTestHost.DefaultKey;
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        string oldCookie;
        await using (var before = await SessionTestHost.StartAsync(app => Endpoints.Map(app)))
        {
            var browser = before.NewBrowser();
            await browser.GetStringAsync("/count");
            oldCookie = browser.Cookies[".scs"];
        }

        await using var after = await SessionTestHost.StartAsync(app => Endpoints.Map(app), o =>
        {
            o.SecretKey = newKey;
            o.PreviousSecretKeys.Add(oldKey);
        });
        var rotated = after.NewBrowser();
        rotated.Cookies[".scs"] = oldCookie;

        Assert.Equal("2", await rotated.GetStringAsync("/count"));
        var newCookie = rotated.Cookies[".scs"];

        await using var newKeyOnly = await SessionTestHost.StartAsync(app => Endpoints.Map(app), o => o.SecretKey = newKey);
        var check = newKeyOnly.NewBrowser();
        check.Cookies[".scs"] = newCookie;
        Assert.Equal("2", await check.GetStringAsync("/count/peek"));
        check.Cookies[".scs"] = oldCookie;
        Assert.Equal("0", await check.GetStringAsync("/count/peek"));
        Assert.Equal(SessionRejectionReason.UnknownKey, Assert.Single(newKeyOnly.Events.Rejected).Reason);
    }

    [Fact]
    public async Task Without_a_secret_key_cookies_use_data_protection_and_say_so_once()
    {
        var logs = new ListLoggerProvider();
        await using var host = await SessionTestHost.StartAsync(
            app => Endpoints.Map(app),
            o => o.SecretKey = null,
            services => services.AddLogging(b => b.AddProvider(logs)));
        var browser = host.NewBrowser();

        Assert.Equal("1", await browser.GetStringAsync("/count"));
        Assert.Equal("2", await browser.GetStringAsync("/count"));

        Assert.Single(logs.Messages, m => m.Contains("ASP.NET Core Data Protection", StringComparison.Ordinal)); // a warning here: Production, no key ring
    }

    [Fact]
    public async Task Missing_middleware_gives_a_message_that_says_what_to_add()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddScSession(o => o.SecretKey = SessionTestHost.DefaultKey);
        await using var app = builder.Build();
        Endpoints.Map(app);
        await app.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.GetTestClient().GetAsync("/count"));

        Assert.Contains("app.UseScSession()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_cookie_name_is_used_and_bound_into_encryption()
    {
        await using var host = await SessionTestHost.StartAsync(app => Endpoints.Map(app), o => o.Cookie.Name = ".shop");
        var browser = host.NewBrowser();

        await browser.GetStringAsync("/count");

        Assert.Equal([".shop"], browser.Cookies.Keys);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/count/peek")).StatusCode);
    }

    [Fact]
    public async Task Secrets_and_cookie_values_never_reach_the_logs()
    {
        var logs = new ListLoggerProvider();
        await using var host = await SessionTestHost.StartAsync(
            app => Endpoints.Map(app),
            services: services => services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var browser = host.NewBrowser();
        await browser.GetStringAsync("/count");
        var cookie = browser.Cookies[".scs"];
        browser.Cookies[".scs"] = cookie[..^3] + "AAA";
        await browser.GetStringAsync("/count");

        Assert.NotEmpty(logs.Messages);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(SessionTestHost.DefaultKey, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(cookie[..20], StringComparison.Ordinal));
    }
}
