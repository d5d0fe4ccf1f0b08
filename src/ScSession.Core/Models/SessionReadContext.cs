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
    /// <remarks>
    /// Only the kind of the failure is kept, never <paramref name="exception"/>'s message: a message can quote the
    /// stored value (an unknown enum name, a number out of range), and stored values are never logged.
    /// </remarks>
    public void ReportDroppedField(string typeName, string field, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        (_errors ??= []).Add(new SessionFieldError(SectionName, typeName, field, DescribeWithoutValue(exception)));
    }

    /// <summary>Why a stored value could not be read, in words that never include the value itself.</summary>
    internal static string DescribeWithoutValue(Exception exception) => exception switch
    {
        OverflowException => "the stored number does not fit the field's type",
        FormatException => "the stored value does not have the field's format",
        InvalidOperationException => "the stored JSON token does not have the field's type",
        System.Text.Json.JsonException => "the stored JSON does not match the field's type",
        _ => "the stored value could not be read",
    } + " (" + exception.GetType().Name + ")";
}

/// <summary>A session field that was dropped on read because its stored JSON no longer fits its type.</summary>
/// <param name="Section">The section (model) name.</param>
/// <param name="TypeName">The type that declares the field.</param>
/// <param name="Field">The field's wire key.</param>
/// <param name="Message">Why it could not be read: the kind of failure, never the stored value.</param>
public readonly record struct SessionFieldError(string Section, string TypeName, string Field, string Message);
