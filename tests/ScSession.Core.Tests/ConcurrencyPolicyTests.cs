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
    [InlineData(nameof(Store.Versioned), nameof(SessionConcurrency.Exclusive), "cannot lease a model")]
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

    [Fact]
    public void A_value_that_is_no_policy_fails_at_start_up()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ConcurrencyPolicy((SessionConcurrency)7, Backend(Store.Versioned), "S"));

        Assert.Contains("7 is not a SessionConcurrency value", error.Message, StringComparison.Ordinal);
    }

    private static SessionConcurrency? Parse(string? name) => name is null ? null : Enum.Parse<SessionConcurrency>(name);

    private static SessionBackend Backend(Store store) => new StubBackend(store == Store.Cookie, store == Store.Versioned);

    /// <summary>Only the two facts the policy reads; never asked to load or save.</summary>
    private sealed class StubBackend(bool dataInCookie, bool versioned) : SessionBackend
    {
        public override bool DataInCookie => dataInCookie;

        public override bool SupportsOptimisticConcurrency => versioned;

        public override ValueTask<(SessionEnvelope? Envelope, SessionRejectionReason? Rejection)> LoadAsync(ReadOnlyMemory<char> cookieValue, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override ValueTask<string> SaveAsync(SessionEnvelope envelope, SessionWrite write) => throw new NotSupportedException();

        public override ValueTask RenewAsync(byte[] oldId, SessionEnvelope renewed, SessionWrite write) => throw new NotSupportedException();

        public override ValueTask DeleteAsync(byte[] sessionId) => throw new NotSupportedException();
    }
}
