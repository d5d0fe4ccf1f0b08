// A "reusable" generic form-draft model: a session model cannot have type parameters.
// expect: SCSN0002
using ScSession;

namespace Corpus.Forms.Draft;

[SessionModel]
public partial class FormDraft<TForm>
    where TForm : class
{
    public partial int Step { get; set; }

    public partial string? FormName { get; set; }
}
