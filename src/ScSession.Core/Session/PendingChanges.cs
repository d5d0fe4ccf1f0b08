namespace ScSession.Internal;

/// <summary>
/// The changes one save applies to an envelope, with what they replaced, so a save that fails can undo them: the
/// envelope then holds what the store holds, and a later save tries again.
/// </summary>
internal readonly struct PendingChanges
{
    private readonly SessionEnvelope _envelope;
    private readonly DateTimeOffset _lastSeenAt;
    private readonly List<(string Name, ReadOnlyMemory<byte>? Previous)>? _replaced;

    /// <summary>Applies <paramref name="changed"/> and the new <paramref name="lastSeenAt"/> to <paramref name="envelope"/>.</summary>
    public PendingChanges(SessionEnvelope envelope, Dictionary<string, ReadOnlyMemory<byte>>? changed, DateTimeOffset lastSeenAt)
    {
        _envelope = envelope;
        _lastSeenAt = envelope.LastSeenAt;
        envelope.LastSeenAt = lastSeenAt;
        if (changed is null)
        {
            return;
        }

        _replaced = new(changed.Count);
        foreach (var (name, bytes) in changed)
        {
            _replaced.Add((name, envelope.Sections.TryGetValue(name, out var previous) ? previous : null));
            envelope.Sections[name] = bytes;
        }
    }

    /// <summary>Puts the envelope back as it was before the changes.</summary>
    public void Revert()
    {
        _envelope.LastSeenAt = _lastSeenAt;
        foreach (var (name, previous) in _replaced ?? [])
        {
            if (previous is { } bytes)
            {
                _envelope.Sections[name] = bytes;
            }
            else
            {
                _envelope.Sections.Remove(name);
            }
        }
    }
}
