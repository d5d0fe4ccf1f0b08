using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary>Which policy a model gets on which store, and which settings fail at start-up (the logic alone).</summary>
public sealed class ConcurrencyPolicyTests
{
    public enum Store
    {
        Cookie,
        Versioned,
        Unversioned,
        Leasing, // versions and leases: the memory, Redis and PostgreSQL stores
    }

    [Theory]
    // store, DefaultConcurrency, the model's own policy, what the model gets
    [InlineData(nameof(Store.Versioned), null, null, nameof(SessionConcurrency.Optimistic))]
    [InlineData(nameof(Store.Versioned), null, nameof(SessionConcurrency.LastWriteWins), nameof(SessionConcurrency.LastWriteWins))]
    [InlineData(nameof(Store.Versioned), nameof(SessionConcurrency.LastWriteWins), null, nameof(SessionConcurrency.LastWriteWins))]
    [InlineData(nameof(Store.Versioned), nameof(SessionConcurrency.LastWriteWins), nameof(SessionConcurrency.Optimistic), nameof(SessionConcurrency.Optimistic))]
    [InlineData(nameof(Store.Unversioned), null, null, nameof(SessionConcurrency.LastWriteWins))]
    [InlineData(nameof(Store.Cookie), null, null, nameof(SessionConcurrency.LastWriteWins))]
    [InlineData(nameof(Store.Cookie), null, nameof(SessionConcurrency.LastWriteWins), nameof(SessionConcurrency.LastWriteWins))]
    [InlineData(nameof(Store.Leasing), null, null, nameof(SessionConcurrency.Optimistic))]
    [InlineData(nameof(Store.Leasing), nameof(SessionConcurrency.Exclusive), null, nameof(SessionConcurrency.Exclusive))]
    [InlineData(nameof(Store.Leasing), nameof(SessionConcurrency.Exclusive), nameof(SessionConcurrency.Optimistic), nameof(SessionConcurrency.Optimistic))]
    [InlineData(nameof(Store.Leasing), null, nameof(SessionConcurrency.Exclusive), nameof(SessionConcurrency.Exclusive))]
    public void A_model_gets_its_own_policy_else_the_configured_default_else_the_best_the_store_can_do(string store, string? configured, string? declared, string expected)
    {
        var policy = new ConcurrencyPolicy(Parse(configured), Backend(Enum.Parse<Store>(store)), store);

        Assert.Equal(Enum.Parse<SessionConcurrency>(expected), policy.For(Parse(declared)));
    }

    [Fact]
    public void Only_the_implicit_default_on_a_server_store_without_versions_is_reported_as_degraded()
    {
        Assert.True(new ConcurrencyPolicy(null, Backend(Store.Unversioned), "S").DegradedFromOptimistic);
        Assert.False(new ConcurrencyPolicy(SessionConcurrency.LastWriteWins, Backend(Store.Unversioned), "S").DegradedFromOptimistic);
        Assert.False(new ConcurrencyPolicy(null, Backend(Store.Versioned), "S").DegradedFromOptimistic);
        Assert.False(new ConcurrencyPolicy(null, Backend(Store.Cookie), null).DegradedFromOptimistic);
    }

    [Theory]
    [InlineData(nameof(Store.Cookie), nameof(SessionConcurrency.Optimistic), "a cookie cannot see another request's changes")]
    [InlineData(nameof(Store.Cookie), nameof(SessionConcurrency.Exclusive), "a cookie cannot see another request's changes")]
    [InlineData(nameof(Store.Unversioned), nameof(SessionConcurrency.Optimistic), "keeps no section versions")]
    [InlineData(nameof(Store.Versioned), nameof(SessionConcurrency.Exclusive), "cannot lease a model to one request (it does not implement ISessionLeaseStore)")]
    public void A_default_the_store_cannot_honour_fails_at_start_up_saying_what_to_do(string store, string configured, string why)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ConcurrencyPolicy(Parse(configured), Backend(Enum.Parse<Store>(store)), store));

        Assert.Contains($"DefaultConcurrency is {configured}", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains("LastWriteWins", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_models_own_policy_the_store_cannot_honour_fails_at_start_up_naming_the_model()
    {
        var policy = new ConcurrencyPolicy(null, Backend(Store.Cookie), null);
        var models = new Dictionary<Type, SessionConcurrency?> { [typeof(string)] = SessionConcurrency.LastWriteWins, [typeof(Uri)] = SessionConcurrency.Optimistic };

        var error = Assert.Throws<InvalidOperationException>(() => policy.Validate(models));

        Assert.Contains("System.Uri asks for [SessionModel(Concurrency = SessionConcurrency.Optimistic)]", error.Message, StringComparison.Ordinal);
        new ConcurrencyPolicy(null, Backend(Store.Versioned), "S").Validate(models); // the memory store honours both
    }

    [Fact]
    public void A_model_loaded_after_start_up_with_a_policy_the_store_cannot_honour_fails_when_saved_not_as_last_write_wins()
    {
        var policy = new ConcurrencyPolicy(null, Backend(Store.Versioned), "S");

        var error = Assert.Throws<InvalidOperationException>(() => policy.For(SessionConcurrency.Exclusive, typeof(Uri)));

        Assert.Contains("System.Uri asks for [SessionModel(Concurrency = SessionConcurrency.Exclusive)]", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot lease a model", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // store, the model's own policy, exclusive (leased), checked against versions at its save
    [InlineData(nameof(Store.Leasing), nameof(SessionConcurrency.Exclusive), true, true)]
    [InlineData(nameof(Store.Leasing), nameof(SessionConcurrency.Optimistic), false, true)]
    [InlineData(nameof(Store.Leasing), nameof(SessionConcurrency.LastWriteWins), false, false)]
    [InlineData(nameof(Store.Versioned), nameof(SessionConcurrency.Optimistic), false, true)]
    [InlineData(nameof(Store.Cookie), nameof(SessionConcurrency.LastWriteWins), false, false)]
    public void An_exclusive_model_is_leased_and_its_save_is_still_checked_in_case_the_lease_ended(string store, string declared, bool leased, bool checkedAtSave)
    {
        var policy = new ConcurrencyPolicy(null, Backend(Enum.Parse<Store>(store)), store);

        Assert.Equal(leased, policy.IsExclusive(Parse(declared)));
        Assert.Equal(checkedAtSave, policy.IsChecked(Parse(declared)));
    }

    [Fact]
    public void A_value_that_is_no_policy_fails_at_start_up()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ConcurrencyPolicy((SessionConcurrency)7, Backend(Store.Versioned), "S"));

        Assert.Contains("7 is not a SessionConcurrency value", error.Message, StringComparison.Ordinal);
    }

    private static SessionConcurrency? Parse(string? name) => name is null ? null : Enum.Parse<SessionConcurrency>(name);

    private static SessionBackend Backend(Store store) => new StubBackend(store == Store.Cookie, store is Store.Versioned or Store.Leasing, store == Store.Leasing);

    /// <summary>Only the three facts the policy reads; never asked to load, save or lease.</summary>
    private sealed class StubBackend(bool dataInCookie, bool versioned, bool leasing) : SessionBackend
    {
        public override bool DataInCookie => dataInCookie;

        public override bool SupportsOptimisticConcurrency => versioned;

        public override GuardedLeaseStore? Leases { get; } = leasing
            ? new GuardedLeaseStore(new MemorySessionStore(TimeProvider.System, new MemorySessionStoreOptions()), new StoreOperationGuard("S", TimeSpan.FromSeconds(1)))
            : null;

        public override ValueTask<(SessionEnvelope? Envelope, SessionRejectionReason? Rejection)> LoadAsync(ReadOnlyMemory<char> cookieValue, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override ValueTask<string> SaveAsync(SessionEnvelope envelope, SessionWrite write) => throw new NotSupportedException();

        public override ValueTask RenewAsync(byte[] oldId, SessionEnvelope renewed, SessionWrite write) => throw new NotSupportedException();

        public override ValueTask DeleteAsync(byte[] sessionId) => throw new NotSupportedException();
    }
}
