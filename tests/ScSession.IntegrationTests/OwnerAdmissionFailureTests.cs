using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.IntegrationTests;

/// <summary>
/// <see cref="ScSessionOptions.MaxSessionsPerOwner"/> when the store fails while counting: the session must not keep
/// an owner that was never counted, and a retry with the same owner is counted.
/// </summary>
public sealed class OwnerAdmissionFailureTests
{
    [Fact]
    public async Task A_failed_count_gives_the_session_its_previous_owner_back_and_a_retry_is_counted()
    {
        var store = new FailingAdmissionStore(new MemorySessionStore(TimeProvider.System, new MemorySessionStoreOptions()));
        await using var host = await SessionTestHost.StartAsync(
            app =>
            {
                app.MapPost("/sign-in/{id}", async (string id, HttpContext context) =>
                {
                    try
                    {
                        await context.SetSessionOwnerAsync(id);
                        return "admitted";
                    }
                    catch (SessionStoreException ex) when (ex.InnerException?.Message == FailingAdmissionStore.Failure)
                    {
                        return "failed";
                    }
                });
                app.MapGet("/whoami", async (HttpContext context) => await context.GetSessionOwnerAsync() ?? "nobody");
            },
            configure: o => o.MaxSessionsPerOwner = 2,
            services: s => s.AddScSession().AddStore(_ => store));
        var browser = host.NewBrowser();

        store.FailNext = true;
        Assert.Equal("failed", await SignInAsync(browser));

        Assert.Equal("nobody", await browser.GetStringAsync("/whoami"));
        Assert.Empty(await store.GetOwnerSessionsAsync("ada"));
        Assert.Equal("admitted", await SignInAsync(browser));
        Assert.Equal(1, store.Admissions); // the retry was counted, not skipped as "the same owner"
        Assert.Equal("ada", await browser.GetStringAsync("/whoami"));
    }

    private static async Task<string> SignInAsync(SessionBrowser browser)
    {
        using var response = await browser.PostAsync("/sign-in/ada");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The memory store, whose count fails once when told to (a store timing out at sign-in).</summary>
    private sealed class FailingAdmissionStore(MemorySessionStore inner) : ISessionStore, ISessionOwnerIndex, ISessionOwnerLimitStore
    {
        public const string Failure = "the store timed out while counting";

        public bool FailNext { get; set; }

        public int Admissions { get; private set; }

        public bool SupportsOptimisticConcurrency => inner.SupportsOptimisticConcurrency;

        public ValueTask<StoredSession?> LoadAsync(string key, CancellationToken cancellationToken) => inner.LoadAsync(key, cancellationToken);

        public ValueTask SaveAsync(string key, SessionWrite write, CancellationToken cancellationToken) => inner.SaveAsync(key, write, cancellationToken);

        public ValueTask RenewAsync(string oldKey, string newKey, SessionWrite write, CancellationToken cancellationToken) => inner.RenewAsync(oldKey, newKey, write, cancellationToken);

        public ValueTask DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public ValueTask TouchAsync(string key, DateTimeOffset lastSeenAt, TimeSpan timeToLive, CancellationToken cancellationToken) => inner.TouchAsync(key, lastSeenAt, timeToLive, cancellationToken);

        public ValueTask<IReadOnlyList<OwnedSession>> GetOwnerSessionsAsync(string ownerId, int limit = 100, CancellationToken cancellationToken = default) => inner.GetOwnerSessionsAsync(ownerId, limit, cancellationToken);

        public ValueTask<bool> RevokeSessionAsync(string ownerId, string publicId, CancellationToken cancellationToken = default) => inner.RevokeSessionAsync(ownerId, publicId, cancellationToken);

        public ValueTask<OwnerSessionAdmission> AdmitOwnerSessionAsync(string ownerId, string key, int maxSessions, MaxSessionsPolicy policy, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException(Failure);
            }

            Admissions++;
            return inner.AdmitOwnerSessionAsync(ownerId, key, maxSessions, policy, lastSeenAt, cancellationToken);
        }
    }
}
