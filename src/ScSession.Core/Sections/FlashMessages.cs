using ScSession.Internal;

namespace ScSession;

/// <summary>
/// One-time messages for the user ("Your profile has been updated!"), kept in the session until they are taken.
/// Get them with <c>context.Flash()</c>.
/// </summary>
/// <remarks>
/// Messages persist until <see cref="Take"/> is called, as Django's messages do: a message added on a POST is
/// shown once after the redirect even when unrelated requests (an image, an API call) come in between.
/// <see cref="Peek"/> reads without removing. Messages are stored in the session's reserved <c>$flash</c> section
/// and saved when the response starts, like typed models: add them before writing the response body.
/// The methods are synchronous; they load the session on first use (see <c>context.LoadSessionAsync()</c>). When flash
/// messages are <see cref="SessionConcurrency.Exclusive"/> (<see cref="ScSessionOptions.DefaultConcurrency"/>), call
/// <see cref="LoadAsync"/> first: a synchronous method does not wait for another request that holds them.
/// </remarks>
public sealed class FlashMessages
{
    /// <summary>The category used by <see cref="AddSuccess"/>.</summary>
    public const string SuccessCategory = "success";

    /// <summary>The category used by <see cref="AddInfo"/>.</summary>
    public const string InfoCategory = "info";

    /// <summary>The category used by <see cref="AddWarning"/>.</summary>
    public const string WarningCategory = "warning";

    /// <summary>The category used by <see cref="AddError"/>.</summary>
    public const string ErrorCategory = "error";

    private readonly SessionState _state;

    internal FlashMessages(SessionState state) => _state = state;

    /// <summary>
    /// Loads the messages now, asynchronously: the session if it is not loaded yet, and, when flash messages are
    /// <see cref="SessionConcurrency.Exclusive"/>, their lease (waiting while another request of the session holds it).
    /// </summary>
    /// <param name="cancellationToken">Cancels the load or the wait.</param>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
        => await _state.GetModelAsync<FlashSection>(cancellationToken).ConfigureAwait(false);

    /// <summary>Adds a message, kept in the session until it is taken.</summary>
    /// <param name="category">What kind of message it is, for example <c>"success"</c> or <c>"error"</c>: usually a CSS class.</param>
    /// <param name="message">The text to show.</param>
    public void Add(string category, string message)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(message);
        _state.GetModel<FlashSection>().Messages.Add(new FlashMessage(category, message));
    }

    /// <summary>Adds a message with the category <c>"success"</c>.</summary>
    /// <param name="message">The text to show.</param>
    public void AddSuccess(string message) => Add(SuccessCategory, message);

    /// <summary>Adds a message with the category <c>"info"</c>.</summary>
    /// <param name="message">The text to show.</param>
    public void AddInfo(string message) => Add(InfoCategory, message);

    /// <summary>Adds a message with the category <c>"warning"</c>.</summary>
    /// <param name="message">The text to show.</param>
    public void AddWarning(string message) => Add(WarningCategory, message);

    /// <summary>Adds a message with the category <c>"error"</c>.</summary>
    /// <param name="message">The text to show.</param>
    public void AddError(string message) => Add(ErrorCategory, message);

    /// <summary>The pending messages, oldest first, without removing them.</summary>
    public IReadOnlyList<FlashMessage> Peek() => [.. _state.GetModel<FlashSection>().Messages];

    /// <summary>The pending messages, oldest first, removing them: each message is returned once, then gone.</summary>
    public IReadOnlyList<FlashMessage> Take()
    {
        var messages = _state.GetModel<FlashSection>().Messages;
        if (messages.Count == 0)
        {
            return [];
        }

        FlashMessage[] taken = [.. messages];
        messages.Clear();
        return taken;
    }
}

/// <summary>A flash message. Serializes with System.Text.Json as <c>{"category":…,"message":…}</c> (web defaults).</summary>
/// <param name="Category">What kind of message it is, for example <c>"success"</c> or <c>"error"</c>.</param>
/// <param name="Message">The text to show.</param>
public sealed record FlashMessage(string Category, string Message);
