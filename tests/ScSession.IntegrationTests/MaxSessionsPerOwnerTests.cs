using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScSession.IntegrationTests;

/// <summary><see cref="ScSessionOptions.MaxSessionsPerOwner"/> on the memory store, and where it cannot work.</summary>
public sealed class MaxSessionsPerOwnerTests
{
    private static Task<SessionTestHost> StartAsync(int max, MaxSessionsPolicy policy) => SessionTestHost.StartAsync(
        app =>
        {
            Endpoints.Map(app);
            app.MapPost("/sign-in/{id}", async (string id, HttpContext context) =>
            {
                try
                {
                    await context.SetSessionOwnerAsync(id, "device");
                    return Results.Text("admitted");
                }
                catch (SessionLimitExceededException ex)
                {
                    return Results.Text($"refused {ex.MaxSessions}", statusCode: StatusCodes.Status409Conflict);
                }
            });
            app.MapGet("/whoami", async (HttpContext context) => await context.GetSessionOwnerAsync() ?? "nobody");
            app.MapGet("/owner/{id}/sessions", async (string id, ISessionOwnerIndex index) => (await index.GetOwnerSessionsAsync(id)).Count);
        },
        configure: o =>
        {
            o.MaxSessionsPerOwner = max;
            o.MaxSessionsPolicy = policy;
        },
        services: s => s.AddScSession().AddMemoryStore());

    [Fact]
    public async Task Over_the_limit_the_least_recently_used_session_of_the_user_ends()
    {
        await using var host = await StartAsync(2, MaxSessionsPolicy.RevokeLeastRecentlyUsed);
        var (laptop, phone, tablet, other) = (host.NewBrowser(), host.NewBrowser(), host.NewBrowser(), host.NewBrowser());
        Assert.Equal("admitted", await PostAsync(laptop, "/sign-in/ada"));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("admitted", await PostAsync(phone, "/sign-in/ada"));
        Assert.Equal("admitted", await PostAsync(other, "/sign-in/bob"));

        // The laptop, signed in first, is used again after the idle refresh interval: the phone is now the least recently used.
        host.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal("1", await laptop.GetStringAsync("/count"));

        Assert.Equal("admitted", await PostAsync(tablet, "/sign-in/ada"));

        Assert.Equal("nobody", await phone.GetStringAsync("/whoami")); // its session ended: a fresh one
        Assert.Equal("ada", await laptop.GetStringAsync("/whoami"));
        Assert.Equal("1", await laptop.GetStringAsync("/count/peek"));
        Assert.Equal("ada", await tablet.GetStringAsync("/whoami"));
        Assert.Equal("bob", await other.GetStringAsync("/whoami")); // another user's sessions do not count
        Assert.Equal("2", await other.GetStringAsync("/owner/ada/sessions"));
    }

    [Fact]
    public async Task With_the_refusing_policy_the_new_sign_in_throws_and_keeps_its_previous_owner()
    {
        await using var host = await StartAsync(1, MaxSessionsPolicy.RefuseNewSession);
        var (laptop, phone) = (host.NewBrowser(), host.NewBrowser());
        Assert.Equal("admitted", await PostAsync(laptop, "/sign-in/ada"));
        Assert.Equal("admitted", await PostAsync(phone, "/sign-in/bob"));

        Assert.Equal("refused 1", await PostAsync(phone, "/sign-in/ada", expected: System.Net.HttpStatusCode.Conflict));

        Assert.Equal("bob", await phone.GetStringAsync("/whoami"));
        Assert.Equal("ada", await laptop.GetStringAsync("/whoami"));
        Assert.Equal("1", await laptop.GetStringAsync("/owner/ada/sessions"));
        Assert.Equal("1", await laptop.GetStringAsync("/owner/bob/sessions"));

        // Once the laptop signs out, the phone gets in.
        Assert.Equal("1", await laptop.GetStringAsync("/count"));
        using (await laptop.PostAsync("/logout"))
        {
        }

        Assert.Equal("admitted", await PostAsync(phone, "/sign-in/ada"));
        Assert.Equal("ada", await phone.GetStringAsync("/whoami"));
    }

    [Fact]
    public async Task A_new_session_refused_at_sign_in_is_saved_without_the_owner()
    {
        await using var host = await StartAsync(1, MaxSessionsPolicy.RefuseNewSession);
        Assert.Equal("admitted", await PostAsync(host.NewBrowser(), "/sign-in/ada"));
        var newcomer = host.NewBrowser();

        Assert.Equal("refused 1", await PostAsync(newcomer, "/sign-in/ada", expected: System.Net.HttpStatusCode.Conflict));

        Assert.Equal("nobody", await newcomer.GetStringAsync("/whoami"));
        Assert.Equal("1", await newcomer.GetStringAsync("/owner/ada/sessions"));
    }

    [Fact]
    public async Task Setting_the_same_owner_again_is_not_a_new_session_of_theirs()
    {
        await using var host = await StartAsync(1, MaxSessionsPolicy.RefuseNewSession);
        var laptop = host.NewBrowser();
        Assert.Equal("admitted", await PostAsync(laptop, "/sign-in/ada"));

        Assert.Equal("admitted", await PostAsync(laptop, "/sign-in/ada"));

        Assert.Equal("1", await laptop.GetStringAsync("/owner/ada/sessions"));
    }

    [Theory]
    [InlineData(MaxSessionsPolicy.RevokeLeastRecentlyUsed)]
    [InlineData(MaxSessionsPolicy.RefuseNewSession)]
    public async Task Twenty_simultaneous_sign_ins_of_one_user_leave_at_most_the_limit(MaxSessionsPolicy policy)
    {
        await using var host = await StartAsync(3, policy);
        var browsers = Enumerable.Range(0, 20).Select(_ => host.NewBrowser()).ToArray();
        foreach (var browser in browsers)
        {
            Assert.Equal("1", await browser.GetStringAsync("/count")); // every one has a stored session first
        }

        var answers = await Task.WhenAll(browsers.Select(async b =>
        {
            using var response = await b.PostAsync("/sign-in/ada");
            return await response.Content.ReadAsStringAsync();
        }));

        var owners = await Task.WhenAll(browsers.Select(b => b.GetStringAsync("/whoami")));
        Assert.Equal(3, owners.Count(o => o == "ada"));
        Assert.Equal("3", await browsers[0].GetStringAsync("/owner/ada/sessions"));
        if (policy == MaxSessionsPolicy.RefuseNewSession)
        {
            Assert.Equal(3, answers.Count(a => a == "admitted"));
            Assert.Equal(20, (await Task.WhenAll(browsers.Select(b => b.GetStringAsync("/count/peek")))).Count(c => c == "1")); // refused, not ended
        }
        else
        {
            Assert.All(answers, a => Assert.Equal("admitted", a));
            Assert.Equal(3, (await Task.WhenAll(browsers.Select(b => b.GetStringAsync("/count/peek")))).Count(c => c == "1")); // the others ended
        }
    }

    [Fact]
    public async Task A_limit_with_the_cookie_store_fails_at_start_up_saying_a_server_store_is_needed()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SessionTestHost.StartAsync(_ => { }, o => o.MaxSessionsPerOwner = 3));

        Assert.Contains("MaxSessionsPerOwner is 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs a server store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_limit_with_the_distributed_cache_store_fails_at_start_up_naming_the_stores_that_can()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SessionTestHost.StartAsync(
            _ => { },
            o => o.MaxSessionsPerOwner = 3,
            s =>
            {
                s.AddDistributedMemoryCache();
                s.AddScSession().AddDistributedCacheStore();
            }));

        Assert.Contains("DistributedCacheSessionStore cannot hold a user to it", error.Message, StringComparison.Ordinal);
        Assert.Contains("memory, Redis or PostgreSQL store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_limit_below_one_fails_validation()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => SessionTestHost.StartAsync(
            _ => { },
            o => o.MaxSessionsPerOwner = 0,
            s => s.AddScSession().AddMemoryStore()));

        Assert.Contains("MaxSessionsPerOwner must be at least 1", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> PostAsync(SessionBrowser browser, string path, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        using var response = await browser.PostAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
