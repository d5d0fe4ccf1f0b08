namespace ScSession;

/// <summary>
/// Collects what went wrong while reading a stored session section, so that one field whose stored
/// JSON no longer fits its type is dropped (and logged) without losing the rest of the section.
/// </summary>
public sealed class SessionReadContext
{
    private List<SessionFieldError>? _errors;

    /// <summary>Creates a context for reading the section <paramref name="sectionName"/>.</summary>
    public SessionReadContext(string sectionName) => SectionName = sectionName;

    /// <summary>The section being read.</summary>
    public string SectionName { get; }

    /// <summary>The fields dropped so far, in the order they were met.</summary>
    public IReadOnlyList<SessionFieldError> Errors => (IReadOnlyList<SessionFieldError>?)_errors ?? [];

    /// <summary>Records that the field <paramref name="field"/> of <paramref name="typeName"/> could not be read and was dropped.</summary>
    /// <param name="typeName">The model or nested type that declares the field.</param>
    /// <param name="field">The field's wire key.</param>
    /// <param name="exception">Why the stored value could not be read.</param>
    public void ReportDroppedField(string typeName, string field, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        (_errors ??= []).Add(new SessionFieldError(SectionName, typeName, field, exception.Message));
    }
}

/// <summary>A session field that was dropped on read because its stored JSON no longer fits its type.</summary>
/// <param name="Section">The section (model) name.</param>
/// <param name="TypeName">The type that declares the field.</param>
/// <param name="Field">The field's wire key.</param>
/// <param name="Message">Why it could not be read.</param>
public readonly record struct SessionFieldError(string Section, string TypeName, string Field, string Message);
