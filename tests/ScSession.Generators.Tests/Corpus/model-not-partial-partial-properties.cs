// Partial properties in a model that is not partial: the compiler rejects the properties, the generator says why.
// expect: SCSN0001
// own-project: true
using ScSession;

namespace Corpus.Own.Basket;

[SessionModel]
public class QuickBasket
{
    public partial List<string> Skus { get; set; }

    public partial int Count { get; set; }
}
