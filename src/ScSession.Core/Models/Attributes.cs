namespace ScSession;

/// <summary>
/// Marks a <c>partial class</c> as a typed session model. The ScSession source generator implements
/// its <c>public partial</c> properties and a reflection-free serializer, and makes the class
/// implement <see cref="ISessionModel{TSelf}"/>.
/// </summary>
/// <example>
/// <code>
/// [SessionModel]
/// public partial class CartSession
/// {
///     public partial List&lt;CartItem&gt; Items { get; set; }
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class SessionModelAttribute : Attribute
{
    /// <summary>
    /// The section key under which the model is stored in the session. Defaults to the class name.
    /// Two models with the same name share (and corrupt) one section, so keep names unique.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// What happens when two requests of one session change this model at once. When not set,
    /// <see cref="ScSessionOptions.DefaultConcurrency"/> applies. A policy set here that the configured store cannot
    /// honour fails at start-up.
    /// </summary>
    public SessionConcurrency Concurrency { get; set; }
}

/// <summary>Sets the wire key of one session model property (the default is the property name in camelCase).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class SessionKeyAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="key">The key written to the session payload for this property.</param>
    public SessionKeyAttribute(string key) => Key = key;

    /// <summary>The key written to the session payload for this property.</summary>
    public string Key { get; }
}

/// <summary>Excludes one property of a session model from the session: it is neither stored nor loaded.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class SessionIgnoreAttribute : Attribute
{
}

/// <summary>
/// Says "I know": this session model property holds data that looks like a secret (a password hash, a token, a
/// PIN…) and storing it in the session is intended. Silences analyzer SCSN0101 for this property and everything it
/// stores; on a member of a type a model stores (a property, or a record's parameter), for that member. It changes
/// nothing at run time.
/// </summary>
/// <example>
/// <code>
/// [SessionSensitive] // short-lived, single-use, expires with the session
/// public partial string? PasswordResetToken { get; set; }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class SessionSensitiveAttribute : Attribute
{
}
