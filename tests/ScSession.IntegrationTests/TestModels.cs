namespace ScSession.IntegrationTests;

[SessionModel]
public partial class CounterSession
{
    public partial int Count { get; set; }

    public partial List<string> Visits { get; set; }
}

[SessionModel(Name = "profile")]
public partial class ProfileSession
{
    public partial string? Name { get; set; }

    public partial Dictionary<string, int> Scores { get; set; }

    public partial Address? Home { get; set; }

    public partial Tier Tier { get; set; }
}

public sealed class Address
{
    public string Street { get; set; } = "";

    public string City { get; set; } = "";
}

public enum Tier
{
    Free,
    Pro,
}

/// <summary>A model that can grow large, for chunking and the size limit.</summary>
[SessionModel]
public partial class BlobSession
{
    public partial string Data { get; set; }
}

// Two versions of one section, as a deployment would see them: version 2 removed Obsolete,
// added Added and changed Score from a number to text. Sharing the section is the point here (SCSN0006).
#pragma warning disable SCSN0006
[SessionModel(Name = "evolving")]
public partial class EvolvingV1
{
    public partial int Count { get; set; }

    public partial int Score { get; set; }

    public partial string? Obsolete { get; set; }
}

[SessionModel(Name = "evolving")]
public partial class EvolvingV2
{
    public partial int Count { get; set; }

    public partial Guid Score { get; set; }

    public partial string Added { get; set; }
}

[SessionModel(Name = "plan")]
public partial class PlanV1
{
    public partial PlanKindV1 Kind { get; set; }
}

[SessionModel(Name = "plan")]
public partial class PlanV2
{
    public partial PlanKindV2 Kind { get; set; }
}
#pragma warning restore SCSN0006

public enum PlanKindV1
{
    Basic,
    PlatinumSecret7731,
}

public enum PlanKindV2
{
    Basic,
}

/// <summary>The likeliest first mistake: properties declared without <c>partial</c>, so nothing is stored.</summary>
[SessionModel]
public partial class NothingStoredSession
{
#pragma warning disable SCSN0007 // the mistake under test: the runtime warns about it too
    public string Name { get; set; } = "";
#pragma warning restore SCSN0007
}

/// <summary>A preference where the last save may win: never a conflict, whatever the store.</summary>
[SessionModel(Name = "theme", Concurrency = SessionConcurrency.LastWriteWins)]
public partial class ThemeSession
{
    public partial string? Theme { get; set; }
}
