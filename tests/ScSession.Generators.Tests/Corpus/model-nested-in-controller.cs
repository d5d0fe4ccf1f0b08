// A wizard model nested in its (non-partial) controller class: CS9248 in the build unless the generator reports SCSN0001.
// expect: SCSN0001
// own-project: true
using Microsoft.AspNetCore.Mvc;
using ScSession;

namespace Corpus.Own.Wizard;

public class RegistrationController : Controller
{
    [SessionModel]
    public partial class RegistrationStep
    {
        public partial int Step { get; set; }

        public partial string? Email { get; set; }
    }

    public IActionResult Index() => View();
}
