using Microsoft.AspNetCore.Http;

namespace ScSession.Internal;

/// <summary>
/// <see cref="ISession"/> over the reserved <c>$session</c> section of the ScSession session. Values are saved with
/// the typed models, in the same cookie (or store entry), when the response starts; a request that only reads writes
/// nothing. Unlike <c>AddSession()</c>'s, <see cref="Clear"/> removes only the string-keyed values, not the typed models.
/// </summary>
internal sealed class UntypedSession(SessionState state) : ISession
{
    /// <summary>Always true: the cookie store cannot be unavailable, and a store that is down fails the request.</summary>
    public bool IsAvailable => true;

    /// <summary>
    /// The session's public identifier (the one events and logs use, never the cookie value). Never empty: a new
    /// session reserves its ID on first use and keeps it if something is saved in this request; a request that saves
    /// nothing leaves no session, so the next request gets another ID (as with <c>AddSession()</c>).
    /// </summary>
    public string Id => state.GetOrReserveSessionId();

    public IEnumerable<string> Keys => [.. Values.Keys];

    private Dictionary<string, byte[]> Values => state.GetModel<KeyValueSection>().Values;

    /// <summary>Loads the session, and takes the lease of <c>$session</c> when it is exclusive, so later synchronous uses never wait.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
        => await state.GetModelAsync<KeyValueSection>(cancellationToken).ConfigureAwait(false);

    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return state.CommitAsync();
    }

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Values.TryGetValue(key, out value);
    }

    public void Set(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Values[key] = value.AsSpan().ToArray(); // a copy, as AddSession() keeps: later changes to the caller's array are not saved
    }

    public void Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Values.Remove(key);
    }

    public void Clear() => Values.Clear();
}
