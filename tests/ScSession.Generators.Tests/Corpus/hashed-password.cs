// "It's only the hash": a password hash is still a secret, and "Hashed" is not the fact word "Has".
// expect: SCSN0101 SCSN0101
using ScSession;

namespace Corpus.Auth.Hash;

[SessionModel]
public partial class CachedCredentials
{
    public partial string? UserName { get; set; }

    public partial string? HashedPassword { get; set; }

    public partial List<string> PreviousPasswordHashes { get; set; }
}
