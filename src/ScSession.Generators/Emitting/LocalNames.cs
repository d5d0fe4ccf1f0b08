using System.Globalization;

namespace ScSession.Generators.Emitting;

/// <summary>
/// Numbers the locals of one generated method (<c>__item0</c>, <c>__value1</c>…). Pattern variables of an <c>if</c>
/// stay in scope after it, so every local of a method needs its own name; the <c>__</c> prefix keeps them apart from
/// the user's names.
/// </summary>
internal sealed class LocalNames
{
    private int _next;

    /// <summary>Starts a new method: numbering restarts at 0.</summary>
    public void Reset() => _next = 0;

    public string Next(string prefix) => prefix + (_next++).ToString(CultureInfo.InvariantCulture);
}
