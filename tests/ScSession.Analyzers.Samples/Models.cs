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
public partial class Duplicates
{
    [SessionKey("k")]
    public partial int First { get; set; }

    [SessionKey("k")] // SCSN0004
    public partial int Second { get; set; }
}
#endif
