using Microsoft.Extensions.Options;

namespace ScSession.Internal;

/// <summary>Refuses options that cannot work, at start-up, with a message that says how to fix them.</summary>
internal sealed class ScSessionOptionsValidator : IValidateOptions<ScSessionOptions>
{
    public ValidateOptionsResult Validate(string? name, ScSessionOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.SecretKey) && !SecretKeyParser.TryParse(options.SecretKey, out _))
        {
            failures.Add(
                $"ScSession:SecretKey is too short: it needs at least {SecretKeyParser.MinimumKeyBytes} bytes of entropy " +
                $"(base64 of {SecretKeyParser.MinimumKeyBytes} random bytes, or {SecretKeyParser.MinimumKeyBytes}+ characters of raw text). " +
                SecretKeyParser.HowToGenerate);
        }
        else if (!string.IsNullOrWhiteSpace(options.SecretKey) && SecretKeyStrength.FindWeakness(options.SecretKey) is { } weakness)
        {
            failures.Add($"ScSession:SecretKey is too weak to protect sessions: {weakness}, so cookies could be forged. " + SecretKeyParser.HowToGenerate);
        }

        for (var i = 0; i < options.PreviousSecretKeys.Count; i++)
        {
            if (!SecretKeyParser.TryParse(options.PreviousSecretKeys[i], out _))
            {
                failures.Add($"ScSession:PreviousSecretKeys:{i} is empty or shorter than {SecretKeyParser.MinimumKeyBytes} bytes; remove it or give the full former key.");
            }
            else if (SecretKeyStrength.FindWeakness(options.PreviousSecretKeys[i]) is { } weakness)
            {
                failures.Add($"ScSession:PreviousSecretKeys:{i} is too weak: {weakness}. Cookies it protects could be forged, so it must not be read either: remove it (sessions written with it start afresh).");
            }
        }

        if (options.PreviousSecretKeys.Count > 0 && string.IsNullOrWhiteSpace(options.SecretKey))
        {
            failures.Add("ScSession:PreviousSecretKeys is set but ScSession:SecretKey is not: previous keys only make sense next to a current key.");
        }

        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            failures.Add($"ScSession:IdleTimeout must be positive (it is {options.IdleTimeout}); e.g. \"00:20:00\" for 20 minutes.");
        }

        if (options.AbsoluteTimeout <= TimeSpan.Zero)
        {
            failures.Add($"ScSession:AbsoluteTimeout must be positive (it is {options.AbsoluteTimeout}); e.g. \"1.00:00:00\" for a day.");
        }

        if (options.IdleTimeout > options.AbsoluteTimeout && options.AbsoluteTimeout > TimeSpan.Zero)
        {
            failures.Add($"ScSession:IdleTimeout ({options.IdleTimeout}) is longer than ScSession:AbsoluteTimeout ({options.AbsoluteTimeout}), so it can never apply; make it shorter.");
        }

        ValidateRememberedWindows(options, failures);

        if (options.StoreTimeout <= TimeSpan.Zero)
        {
            failures.Add($"ScSession:StoreTimeout must be positive (it is {options.StoreTimeout}); e.g. \"00:00:05\" for 5 seconds.");
        }

        if (options.ExclusiveLeaseDuration < TimeSpan.FromMilliseconds(1))
        {
            failures.Add($"ScSession:ExclusiveLeaseDuration must be at least a millisecond (it is {options.ExclusiveLeaseDuration}); make it longer than your slowest request, e.g. \"00:00:30\".");
        }

        if (options.ExclusiveWaitTimeout < TimeSpan.Zero)
        {
            failures.Add($"ScSession:ExclusiveWaitTimeout must not be negative (it is {options.ExclusiveWaitTimeout}); e.g. \"00:00:10\", or zero to fail at once when the model is held.");
        }

        if (options.Cookie is null)
        {
            failures.Add("ScSession:Cookie must not be null.");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.Cookie.Name))
            {
                failures.Add("ScSession:Cookie:Name must not be empty (the default is \".scs\").");
            }

            if (options.Cookie.Expiration is not null || options.Cookie.MaxAge is not null)
            {
                failures.Add("ScSession:Cookie:Expiration and Cookie:MaxAge must stay unset: the cookie's lifetime follows IdleTimeout and AbsoluteTimeout.");
            }

            ValidateCookiePrefix(options.Cookie, failures);
        }

        if (options.CookieChunkSize is < 1024 or > 8192)
        {
            failures.Add($"ScSession:CookieChunkSize must be between 1024 and 8192 characters (it is {options.CookieChunkSize}); browsers keep cookies up to 4096 bytes, hence the default 4050.");
        }

        if (options.MaxCookieChunks is < 1 or > 50)
        {
            failures.Add($"ScSession:MaxCookieChunks must be between 1 and 50 (it is {options.MaxCookieChunks}); servers refuse request headers much over 32 KB.");
        }

        if (options.MaxSessionSize < 1024)
        {
            failures.Add($"ScSession:MaxSessionSize must be at least 1024 bytes (it is {options.MaxSessionSize}); the default is 65536 (64 KiB).");
        }

        if (options.MaxClockSkew < TimeSpan.Zero || options.MaxClockSkew > TimeSpan.FromHours(1))
        {
            failures.Add($"ScSession:MaxClockSkew must be between 0 and 1 hour (it is {options.MaxClockSkew}); the default is \"00:05:00\". Keep server clocks in step (NTP) rather than raising it.");
        }

        if (options.MaxSessionsPerOwner < 1)
        {
            failures.Add($"ScSession:MaxSessionsPerOwner must be at least 1 (it is {options.MaxSessionsPerOwner}); leave it unset for no limit.");
        }

        if (!Enum.IsDefined(options.MaxSessionsPolicy))
        {
            failures.Add($"ScSession:MaxSessionsPolicy {(int)options.MaxSessionsPolicy} is not a MaxSessionsPolicy value (RevokeLeastRecentlyUsed or RefuseNewSession).");
        }

        if (options.Events is null)
        {
            failures.Add("ScSession:Events must not be null.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The "remember me" windows: unset, or at least the normal ones (a remembered session that ends sooner than a
    /// forgotten one is a mistake), the idle one within the absolute one, and within the 400 days browsers keep a cookie.
    /// </summary>
    private static void ValidateRememberedWindows(ScSessionOptions options, List<string> failures)
    {
        if (options.RememberedIdleTimeout is { } idle && idle < options.IdleTimeout)
        {
            failures.Add($"ScSession:RememberedIdleTimeout ({idle}) is shorter than ScSession:IdleTimeout ({options.IdleTimeout}), so \"remember me\" would end sessions sooner; make it at least as long, or leave it unset to use IdleTimeout.");
        }

        if (options.RememberedAbsoluteTimeout is { } absolute)
        {
            if (absolute < options.AbsoluteTimeout)
            {
                failures.Add($"ScSession:RememberedAbsoluteTimeout ({absolute}) is shorter than ScSession:AbsoluteTimeout ({options.AbsoluteTimeout}), so \"remember me\" would end sessions sooner; make it at least as long, or leave it unset to use AbsoluteTimeout.");
            }
            else if (absolute > MaxCookieLifetime)
            {
                failures.Add($"ScSession:RememberedAbsoluteTimeout ({absolute}) is longer than the {MaxCookieLifetime.TotalDays:0} days browsers keep a cookie; make it at most \"{MaxCookieLifetime.TotalDays:0}.00:00:00\".");
            }
        }

        var rememberedIdle = options.RememberedIdleTimeout ?? options.IdleTimeout;
        var rememberedAbsolute = options.RememberedAbsoluteTimeout ?? options.AbsoluteTimeout;
        if ((options.RememberedIdleTimeout is not null || options.RememberedAbsoluteTimeout is not null)
            && rememberedIdle > rememberedAbsolute && rememberedAbsolute > TimeSpan.Zero && rememberedIdle >= options.IdleTimeout)
        {
            failures.Add($"The remembered idle window ({rememberedIdle}) is longer than the remembered absolute window ({rememberedAbsolute}), so it can never apply; set ScSession:RememberedAbsoluteTimeout at least as long, or shorten ScSession:RememberedIdleTimeout.");
        }
    }

    /// <summary>Browsers (Chrome, Firefox, Safari) cap a cookie's <c>Expires</c>/<c>Max-Age</c> at 400 days.</summary>
    private static readonly TimeSpan MaxCookieLifetime = TimeSpan.FromDays(400);

    /// <summary>
    /// Browsers drop a <c>__Host-</c> cookie unless it is Secure, has <c>Path=/</c> and no <c>Domain</c>, and a
    /// <c>__Secure-</c> cookie unless it is Secure: the session would silently never stick. Refuse that at start-up.
    /// </summary>
    private static void ValidateCookiePrefix(Microsoft.AspNetCore.Http.CookieBuilder cookie, List<string> failures)
    {
        var name = cookie.Name ?? string.Empty;
        var isHost = name.StartsWith("__Host-", StringComparison.Ordinal);
        if (!isHost && !name.StartsWith("__Secure-", StringComparison.Ordinal))
        {
            if (name.StartsWith("__host-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("__secure-", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"ScSession:Cookie:Name '{name}': the cookie prefixes are case-sensitive; write \"__Host-\" or \"__Secure-\" exactly.");
            }

            return;
        }

        var prefix = isHost ? "__Host-" : "__Secure-";
        if (cookie.SecurePolicy != Microsoft.AspNetCore.Http.CookieSecurePolicy.Always)
        {
            failures.Add($"ScSession:Cookie:Name starts with {prefix}, which browsers accept only on Secure cookies: set Cookie:SecurePolicy to Always (it is {cookie.SecurePolicy}), or choose a name without the prefix.");
        }

        if (isHost && cookie.Path != "/")
        {
            failures.Add($"ScSession:Cookie:Name starts with __Host-, which browsers accept only with Path=/: set Cookie:Path to \"/\" (it is \"{cookie.Path}\").");
        }

        if (isHost && !string.IsNullOrEmpty(cookie.Domain))
        {
            failures.Add($"ScSession:Cookie:Name starts with __Host-, which browsers accept only without a Domain attribute: remove Cookie:Domain (it is \"{cookie.Domain}\"), or use the __Secure- prefix to share the cookie across subdomains.");
        }
    }
}
