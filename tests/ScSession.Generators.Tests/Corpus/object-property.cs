// "Any value" as object: the generated serializer cannot know what to write.
// expect: SCSN0003
using ScSession;

namespace Corpus.Forms.LastResult;

[SessionModel]
public partial class LastFormResult
{
    public partial string? FormName { get; set; }

    public partial object? Result { get; set; }
}
