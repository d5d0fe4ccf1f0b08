namespace ScSession.Internal;

/// <summary>
/// Tells whether an event has a handler, so the hot path does not build a context object (and hash the session ID
/// for it) for an event nobody listens to. An event counts as handled when its delegate is not the default one or
/// when <see cref="ScSessionEvents"/> is subclassed (an override of the virtual method may do anything).
/// </summary>
internal static class EventHooks
{
    // The defaults are static lambdas, which the compiler caches: every new ScSessionEvents holds these same instances.
    private static readonly ScSessionEvents s_defaults = new();

    public static bool Loaded(ScSessionEvents events) => IsCustom(events) || !ReferenceEquals(events.OnLoaded, s_defaults.OnLoaded);

    public static bool Saving(ScSessionEvents events) => IsCustom(events) || !ReferenceEquals(events.OnSaving, s_defaults.OnSaving);

    public static bool Created(ScSessionEvents events) => IsCustom(events) || !ReferenceEquals(events.OnCreated, s_defaults.OnCreated);

    public static bool Expired(ScSessionEvents events) => IsCustom(events) || ExpiredDelegateSet(events);

    /// <summary>The application assigned <see cref="ScSessionEvents.OnExpired"/> (a subclass alone does not count: it may override other events only).</summary>
    public static bool ExpiredDelegateSet(ScSessionEvents events) => !ReferenceEquals(events.OnExpired, s_defaults.OnExpired);

    private static bool IsCustom(ScSessionEvents events) => events.GetType() != typeof(ScSessionEvents);
}
