namespace ScSession.Analyzers.Samples;

[SessionModel(Name = "cart")]
public partial class Cart
{
    public partial int Count { get; set; }

    [SessionKey("$items")] // SCSN0005
    public partial List<string> Items { get; set; }
}

[SessionModel(Name = "cart")] // SCSN0006
public partial class Basket
{
    public partial int Count { get; set; }
}

[SessionModel]
public partial class Login
{
    public partial string? UserName { get; set; }

    public partial string? Password { get; set; } // SCSN0101

    public partial bool HasPassword { get; set; } // a fact about a secret: not reported
}

public sealed record SavedCard(string Last4, string Cvv);

[SessionModel]
public partial class Wallet
{
    public partial List<SavedCard> Cards { get; set; } // SCSN0101: Cards[].Cvv

    public string Nickname { get; set; } = ""; // SCSN0007: not partial, not stored
}

#if SCSN_ERRORS
[SessionModel]
public class NotPartial // SCSN0001
{
    public int Count { get; set; }
}

[SessionModel]
public partial class Generic<T> // SCSN0002
{
    public partial int Count { get; set; }
}

[SessionModel]
public partial class Upload
{
    public partial Stream Body { get; set; } // SCSN0003
}

[SessionModel]
public partial class Checkout
{
    public partial int Step { get; } // SCSN0008, not CS9248: the generator reports it and implements the property
}

[SessionModel]
public partial class Duplicates
{
    [SessionKey("k")]
    public partial int First { get; set; }

    [SessionKey("k")] // SCSN0004
    public partial int Second { get; set; }
}
#endif

#if SCSN_COMPILER_ERRORS
// A mistake that also fails the compilation (CS9248): csc then drops every analyzer diagnostic, so the generator reports
// SCSN0001 itself, and the build shows it beside the compiler's error.
public class Outer // SCSN0001 (a containing type)
{
    [SessionModel]
    public partial class Nested
    {
        public partial int Count { get; set; }
    }
}
#endif
