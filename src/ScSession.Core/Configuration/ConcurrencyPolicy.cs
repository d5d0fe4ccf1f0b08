namespace ScSession.Internal;

/// <summary>
/// Which <see cref="SessionConcurrency"/> each model gets on the configured store, decided once at start-up: a model's
/// own policy, else <see cref="ScSessionOptions.DefaultConcurrency"/>, else the best the store can do (optimistic on a
/// store that keeps section versions, last-write-wins otherwise). A policy asked for explicitly that the store cannot
/// honour fails at start-up; the implicit default degrades and says so once in the log.
/// </summary>
internal sealed class ConcurrencyPolicy
{
    private readonly SessionConcurrency _default;
    private readonly bool _cookie;

    public ConcurrencyPolicy(SessionConcurrency? configuredDefault, SessionBackend backend, string? storeName)
    {
        _cookie = backend.DataInCookie;
        StoreName = storeName ?? "the cookie";
        Optimistic = backend.SupportsOptimisticConcurrency;
        Leases = backend.Leases is not null;
        _default = configuredDefault ?? (Optimistic ? SessionConcurrency.Optimistic : SessionConcurrency.LastWriteWins);
        if (configuredDefault is { } asked && Refusal(asked) is { } why)
        {
            throw new InvalidOperationException($"ScSessionOptions.DefaultConcurrency is {asked}, but {why} Set it to SessionConcurrency.LastWriteWins, or leave it unset to get the best this store can do.");
        }

        DegradedFromOptimistic = configuredDefault is null && !_cookie && !Optimistic;
    }

    /// <summary>True when saves of optimistic models are checked against section versions.</summary>
    public bool Optimistic { get; }

    /// <summary>True when the store can lease a model to one request (<see cref="SessionConcurrency.Exclusive"/>).</summary>
    public bool Leases { get; }

    /// <summary>True when models that declare <paramref name="declared"/> are exclusive here (throws as <see cref="For"/> does).</summary>
    public bool IsExclusive(SessionConcurrency? declared, Type? model = null)
        => Leases && For(declared, model) == SessionConcurrency.Exclusive;

    /// <summary>True when saves of models that declare <paramref name="declared"/> are checked against section versions.</summary>
    public bool IsChecked(SessionConcurrency? declared, Type? model = null)
        => (For(declared, model) is SessionConcurrency.Optimistic or SessionConcurrency.Exclusive) && Optimistic;

    /// <summary>True when the implicit default had to be last-write-wins on a server store (logged once at start-up).</summary>
    public bool DegradedFromOptimistic { get; }

    public string StoreName { get; }

    /// <summary>
    /// The policy of <paramref name="model"/>, which declares <paramref name="declared"/> (null: none). Throws for a
    /// policy the store cannot honour: a model of an assembly loaded after start-up was not checked then.
    /// </summary>
    public SessionConcurrency For(SessionConcurrency? declared, Type? model = null)
    {
        if (declared is { } asked && Refusal(asked) is { } why)
        {
            throw Refused(model, asked, why);
        }

        return _cookie ? SessionConcurrency.LastWriteWins : declared ?? _default;
    }

    /// <summary>Fails at start-up for a model whose own policy the store cannot honour.</summary>
    public void Validate(IEnumerable<KeyValuePair<Type, SessionConcurrency?>> models)
    {
        foreach (var (model, declared) in models)
        {
            For(declared, model);
        }
    }

    private static InvalidOperationException Refused(Type? model, SessionConcurrency asked, string why) => new(
        $"Session model {model?.FullName ?? "(unknown)"} asks for [SessionModel(Concurrency = SessionConcurrency.{asked})], but {why} Remove the setting (the default degrades to what the store can do) or set SessionConcurrency.LastWriteWins.");

    /// <summary>Why the store cannot honour <paramref name="asked"/>, or null when it can.</summary>
    private string? Refusal(SessionConcurrency asked) => asked switch
    {
        _ when !Enum.IsDefined(asked) => $"{(int)asked} is not a SessionConcurrency value.",
        SessionConcurrency.LastWriteWins => null,
        _ when _cookie => "sessions are kept in cookies, and a cookie cannot see another request's changes: it is always last-write-wins. Use a server store (AddMemoryStore(), AddRedisStore(…), AddPostgresStore(…)) for models changed by parallel requests.",
        SessionConcurrency.Optimistic when !Optimistic => $"the session store {StoreName} keeps no section versions (ISessionStore.SupportsOptimisticConcurrency is false), so it cannot detect a concurrent change.",
        SessionConcurrency.Exclusive when !Leases => $"the session store {StoreName} cannot lease a model to one request (it does not implement ISessionLeaseStore). Use the memory, Redis or PostgreSQL store, or SessionConcurrency.Optimistic where the store keeps section versions.",
        _ => null,
    };
}
