using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ScSession.Internal;

/// <summary>
/// The models handed out in one request, each with the bytes it was read from (its baseline), and the sections kept
/// across a destroy that no model was read for. A change is a model whose serialized bytes differ from its baseline.
/// </summary>
internal sealed class TrackedModels(ILogger logger)
{
    private readonly List<TrackedModel> _models = new(2);
    private Dictionary<string, ReadOnlyMemory<byte>>? _carried; // kept across a destroy, not read since

    /// <summary>True when no model was handed out.</summary>
    public bool IsEmpty => _models.Count == 0;

    /// <summary>True when a model of type <typeparamref name="T"/> was handed out.</summary>
    public bool Contains<T>() where T : class, ISessionModel<T> => _models.Exists(static t => t is TrackedModel<T>);

    /// <summary>
    /// The request's model of type <typeparamref name="T"/>: the one handed out before, else read from
    /// <paramref name="stored"/> (the session's sections), else from a section kept across a destroy, else new.
    /// </summary>
    public T GetOrCreate<T>(IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? stored) where T : class, ISessionModel<T>
    {
        var section = T.SectionName;
        foreach (var tracked in _models)
        {
            if (tracked is TrackedModel<T> typed)
            {
                return typed.Model;
            }

            if (string.Equals(tracked.Section, section, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The session models {tracked.ModelType.FullName} and {typeof(T).FullName} both use the section name '{section}'. " +
                    "Give one of them another name with [SessionModel(Name = \"...\")].");
            }
        }

        T model;
        ReadOnlyMemory<byte> baseline;
        if (stored is not null && stored.TryGetValue(section, out var raw))
        {
            model = Read<T>(raw);
            baseline = raw;
        }
        else if (_carried is not null && _carried.Remove(section, out var kept))
        {
            // Kept across a destroy: not stored in any session yet, so anything but defaults is a change to save.
            model = Read<T>(kept);
            baseline = DefaultModelBytes<T>.Value;
        }
        else
        {
            model = T.CreateNew();
            baseline = DefaultModelBytes<T>.Value;
        }

        StoredFieldsCheck<T>.WarnOnceIfNone(logger);
        _models.Add(new TrackedModel<T>(model, baseline));
        return model;
    }

    /// <summary>The sections whose models changed since they were read or last saved, by name; null when none did.</summary>
    public Dictionary<string, ReadOnlyMemory<byte>>? CollectChanges()
    {
        if (_models.Count == 0)
        {
            return null;
        }

        Dictionary<string, ReadOnlyMemory<byte>>? changed = null;
        var writer = ChangeWriter.Rent();
        try
        {
            foreach (var tracked in _models)
            {
                var bytes = writer.Serialize(tracked);
                if (!bytes.SequenceEqual(tracked.Baseline.Span))
                {
                    (changed ??= new(StringComparer.Ordinal))[tracked.Section] = bytes.ToArray();
                }
            }
        }
        finally
        {
            ChangeWriter.Return(writer);
        }

        return changed;
    }

    /// <summary>What a save must store: the changed models, and the sections kept across a destroy that no model was read for.</summary>
    public Dictionary<string, ReadOnlyMemory<byte>>? CollectChangesToSave()
    {
        var changed = CollectChanges();
        if (_carried is { Count: > 0 })
        {
            changed ??= new(StringComparer.Ordinal);
            foreach (var (name, data) in _carried)
            {
                changed.TryAdd(name, data);
            }
        }

        return changed;
    }

    /// <summary>
    /// The versions the optimistic and exclusive models among <paramref name="changed"/> were read at (0: not stored
    /// yet), which the store checks before it writes (for an exclusive model, in case its lease ended before the save);
    /// null when there are none or the store keeps no versions.
    /// </summary>
    public Dictionary<string, long>? ExpectedVersions(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> changed, SessionEnvelope envelope, ConcurrencyPolicy policy)
    {
        Dictionary<string, long>? expected = null;
        foreach (var tracked in _models)
        {
            // Asked even where nothing is checked: a policy the store cannot honour fails loudly, not as last-write-wins.
            if (changed.ContainsKey(tracked.Section) && policy.IsChecked(tracked.DeclaredConcurrency, tracked.ModelType))
            {
                (expected ??= new(StringComparer.Ordinal))[tracked.Section] = envelope.Versions?.GetValueOrDefault(tracked.Section) ?? 0;
            }
        }

        return expected;
    }

    /// <summary>The <c>$owner</c> section, when the session has one (stored or set in this request); read on demand.</summary>
    public OwnerSection? Owner(IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? stored)
    {
        var hasOwner = stored?.ContainsKey(OwnerSection.SectionName) == true || Contains<OwnerSection>();
        return hasOwner ? GetOrCreate<OwnerSection>(stored) : null;
    }

    /// <summary>After a save: the saved bytes are the new baselines, and nothing kept across a destroy is waiting any more.</summary>
    public void Saved(Dictionary<string, ReadOnlyMemory<byte>>? changed)
    {
        _carried = null;
        if (changed is null)
        {
            return;
        }

        foreach (var tracked in _models)
        {
            if (changed.TryGetValue(tracked.Section, out var bytes))
            {
                tracked.Baseline = bytes;
            }
        }
    }

    /// <summary>
    /// On a destroy: detaches every model except the kept sections' ones, which stay attached with a baseline of
    /// defaults (so they are saved into the next session when they hold anything), and keeps the kept sections no
    /// model was read for, from <paramref name="destroyed"/> or, when that is already gone, from an earlier destroy.
    /// </summary>
    public void KeepOnly(IReadOnlyCollection<string>? keepSections, IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? destroyed)
    {
        if (keepSections is null || keepSections.Count == 0)
        {
            _models.Clear();
            _carried = null;
            return;
        }

        _models.RemoveAll(t => !keepSections.Contains(t.Section));
        foreach (var tracked in _models)
        {
            tracked.Baseline = tracked.DefaultBytes;
        }

        Dictionary<string, ReadOnlyMemory<byte>>? carried = null;
        var source = destroyed ?? _carried;
        foreach (var name in keepSections)
        {
            if (!_models.Exists(t => t.Section == name) && source is not null && source.TryGetValue(name, out var raw))
            {
                (carried ??= new(StringComparer.Ordinal))[name] = raw;
            }
        }

        _carried = carried;
    }

    private T Read<T>(ReadOnlyMemory<byte> raw) where T : class, ISessionModel<T>
    {
        var context = new SessionReadContext(T.SectionName);
        try
        {
            var reader = new Utf8JsonReader(raw.Span);
            if (!reader.Read())
            {
                return T.CreateNew();
            }

            var model = T.Read(ref reader, context);
            foreach (var error in context.Errors)
            {
                Log.FieldDropped(logger, error.Section, error.TypeName, error.Field, error.Message);
            }

            return model;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            Log.SectionDropped(logger, T.SectionName, SessionReadContext.DescribeWithoutValue(ex));
            return T.CreateNew();
        }
    }
}
