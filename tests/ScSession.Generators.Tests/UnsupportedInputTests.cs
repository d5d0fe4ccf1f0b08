using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests;

/// <summary>
/// Input the generator cannot handle gets no session code and no exception; reporting it is the analyzers' job
/// (see Analyzers/AgreementTests). At most its partial properties are implemented over plain fields, so that the
/// analyzer's error is the only one. A valid model in the same compilation is still generated.
/// </summary>
public sealed class UnsupportedInputTests
{
    private const string ValidModel = """
        namespace Valid
        {
            /// <summary>A.</summary>
            [ScSession.SessionModel]
            public partial class Fine
            {
                /// <summary>A.</summary>
                public partial int Count { get; set; }
            }
        }
        """;

    public static TheoryData<string, string> BrokenModels => new()
    {
        { "not partial", "[SessionModel] public class Broken { public int Count { get; set; } }" },
        { "generic", "[SessionModel] public partial class Broken<T> { public partial int Count { get; set; } }" },
        { "static", "[SessionModel] public static partial class Broken { }" },
        { "abstract", "[SessionModel] public abstract partial class Broken { public partial int Count { get; set; } }" },
        { "no parameterless constructor", "[SessionModel] public partial class Broken { public Broken(int x) { } public partial int Count { get; set; } }" },
        { "nested in a non-partial type", "public class Outer { [SessionModel] public partial class Broken { public partial int Count { get; set; } } }" },
        { "nested in a generic type", "public partial class Outer<T> { [SessionModel] public partial class Broken { public partial int Count { get; set; } } }" },
        { "private nested model", "public partial class Outer { [SessionModel] private partial class Broken { public partial int Count { get; set; } } }" },
        { "Stream property", "[SessionModel] public partial class Broken { public partial System.IO.Stream Body { get; set; } }" },
        { "object property", "[SessionModel] public partial class Broken { public partial object Anything { get; set; } }" },
        { "dynamic property", "[SessionModel] public partial class Broken { public partial dynamic Anything { get; set; } }" },
        { "delegate property", "[SessionModel] public partial class Broken { public partial System.Action Callback { get; set; } }" },
        { "HttpContext property", "[SessionModel] public partial class Broken { public partial Microsoft.AspNetCore.Http.HttpContext Http { get; set; } }" },
        { "framework class property", "[SessionModel] public partial class Broken { public partial System.Uri Link { get; set; } }" },
        { "non-string dictionary key", "[SessionModel] public partial class Broken { public partial System.Collections.Generic.Dictionary<int, int> Map { get; set; } }" },
        { "non-string key of a dictionary interface", "[SessionModel] public partial class Broken { public partial System.Collections.Generic.IReadOnlyDictionary<int, int> Map { get; set; } }" },
        { "collection other than List, HashSet, Dictionary and their interfaces", "[SessionModel] public partial class Broken { public partial System.Collections.Generic.SortedSet<int> Sorted { get; set; } }" },
        { "queue", "[SessionModel] public partial class Broken { public partial System.Collections.Generic.Queue<int> Pending { get; set; } }" },
        { "multi-dimensional array", "[SessionModel] public partial class Broken { public partial int[,] Grid { get; set; } }" },
        { "interface property", "[SessionModel] public partial class Broken { public partial System.IDisposable Thing { get; set; } }" },
        { "user type without usable constructor", "public sealed class NoCtor { public NoCtor(string other) { } public int X { get; set; } } [SessionModel] public partial class Broken { public partial NoCtor Value { get; set; } }" },
        { "user type with an unsupported member", "public sealed class Holder { public object? Value { get; set; } } [SessionModel] public partial class Broken { public partial Holder Value { get; set; } }" },
        { "duplicate keys", "[SessionModel] public partial class Broken { [SessionKey(\"k\")] public partial int A { get; set; } [SessionKey(\"k\")] public partial int B { get; set; } }" },
        { "null key", "[SessionModel] public partial class Broken { [SessionKey(null!)] public partial int A { get; set; } }" },
        { "lone surrogate in a key", "[SessionModel] public partial class Broken { [SessionKey(\"a\\uD800\")] public partial int A { get; set; } }" },
        { "required partial property", "[SessionModel] public partial class Broken { public required partial int Count { get; set; } }" },
        { "missing type", "[SessionModel] public partial class Broken { public partial DoesNotExist Value { get; set; } }" },
        { "getter-only partial property", "[SessionModel] public partial class Broken { public partial int Count { get; } }" },
        { "init-only partial property", "[SessionModel] public partial class Broken { public partial int Count { get; init; } }" },
        { "setter-only partial property", "[SessionModel] public partial class Broken { public partial int Count { set; } }" },
    };

    /// <summary>The scenarios whose mistake also fails the compilation: the generator reports them itself.</summary>
    public static readonly Dictionary<string, string> ReportedByTheGenerator = new()
    {
        ["not partial"] = "SCSN0001",
        ["nested in a non-partial type"] = "SCSN0001",
        ["getter-only partial property"] = "SCSN0008",
        ["init-only partial property"] = "SCSN0008",
        ["setter-only partial property"] = "SCSN0008",
    };

    [Theory]
    [MemberData(nameof(BrokenModels))]
    public void Generates_no_session_code_for_the_broken_model_and_never_throws(string scenario, string broken)
    {
        var output = GeneratorHarness.Run(ValidModel, "using ScSession;\n\nnamespace Bad;\n\n" + broken);

        output.AssertNoGeneratorProblems(ReportedByTheGenerator.TryGetValue(scenario, out var id) ? [id] : []);
        Assert.Equal("Valid.Fine.g.cs", output.Files[0].HintName);
        foreach (var (hintName, source) in output.Files.Skip(1))
        {
            // Only the partial property implementations: no ISessionModel, serializer or registration.
            Assert.True(output.Files.Count == 2 && hintName.StartsWith("Bad.", StringComparison.Ordinal), $"{scenario}: generated {hintName}");
            Assert.DoesNotContain("ISessionModel", source, StringComparison.Ordinal);
            Assert.DoesNotContain("ModuleInitializer", source, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(output.Compilation.GetDiagnostics(), d => d.Id is "CS8784" or "CS8785" or "AD0001");
    }

    [Theory]
    [InlineData("[SessionModel] public partial class Typing { public partial int Count { get; set; ")]
    [InlineData("[SessionModel] public partial class Typing { public partial List<")]
    [InlineData("[SessionModel(Name = )] public partial class")]
    [InlineData("[SessionModel] public partial class Typing { [SessionKey] public partial int Count { get; set; } }")]
    public void Never_throws_on_code_being_typed(string incomplete)
    {
        // While the user types, a model that still parses into something sensible may be generated; what matters
        // is that the generator neither throws nor reports anything.
        var output = GeneratorHarness.Run(ValidModel, "using ScSession;\n\nnamespace Bad;\n\n" + incomplete);

        output.AssertNoGeneratorProblems();
        Assert.Contains("Valid.Fine.g.cs", output.Files.Select(f => f.HintName));
    }
}
