// An avatar upload kept in the session between the preview and the save: an IFormFile cannot be stored.
// expect: SCSN0003
using ScSession;

namespace Corpus.Account.Avatar;

[SessionModel]
public partial class AvatarUpload
{
    public partial IFormFile? PendingAvatar { get; set; }

    public partial string? Caption { get; set; }
}
