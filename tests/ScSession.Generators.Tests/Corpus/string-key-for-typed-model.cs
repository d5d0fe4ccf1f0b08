// A wizard model exists, but an old endpoint still reads its section through ISession with the same key.
// expect: SCSN0104
using ScSession;

namespace Corpus.Wizards.Shipping;

[SessionModel(Name = "shipping-wizard")]
public partial class ShippingWizard
{
    public partial int Step { get; set; }

    public partial string? PostalCode { get; set; }
}

public static class ShippingWizardEndpoints
{
    public static void MapShippingWizardDebug(this WebApplication app)
        => app.MapGet("/debug/shipping", (HttpContext context) => context.Session.GetString("shipping-wizard"));
}
