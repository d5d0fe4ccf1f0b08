// A banner that reminds the user to change an old password: only the dates are kept.
// expect: none
using ScSession;

namespace Corpus.Account.Reminder;

[SessionModel]
public partial class PasswordReminderState
{
    public partial DateTimeOffset? PasswordChangedAt { get; set; }

    public partial DateOnly? PasswordExpiresOn { get; set; }

    public partial TimeSpan PasswordAge { get; set; }

    public partial bool ReminderDismissed { get; set; }
}
