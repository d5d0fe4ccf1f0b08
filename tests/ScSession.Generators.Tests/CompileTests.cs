using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests;

/// <summary>Generated code compiles without any diagnostic in less common but valid situations.</summary>
public sealed class CompileTests
{
    [Fact]
    public void Model_in_a_nullable_disabled_file()
    {
        const string source = """
            #nullable disable
            using System.Collections.Generic;
            using ScSession;

            namespace Legacy;

            /// <summary>A.</summary>
            public sealed class Line
            {
                /// <summary>A.</summary>
                public string Text { get; set; }
            }

            /// <summary>A.</summary>
            [SessionModel]
            public partial class OldSession
            {
                /// <summary>A.</summary>
                public partial string Name { get; set; }
                /// <summary>A.</summary>
                public partial List<Line> Lines { get; set; }
                /// <summary>A.</summary>
                public partial int? Count { get; set; }
            }
            """;

        var output = GeneratorHarness.RunAndAssertClean(source);
        Assert.Single(output.Files);
    }

    [Fact]
    public void Record_model_internal_model_and_keyword_names()
    {
        const string source = """
            using System.Collections.Generic;
            using ScSession;

            namespace Odd;

            /// <summary>A.</summary>
            public enum @event
            {
                /// <summary>A.</summary>
                @class,
                /// <summary>A.</summary>
                @int,
            }

            /// <summary>A.</summary>
            [SessionModel]
            public partial record RecordSession
            {
                /// <summary>A.</summary>
                public partial @event @class { get; set; }
                /// <summary>A.</summary>
                [SessionKey("ünï \"quoted\" \\ key")]
                public partial string? @string { get; set; }
            }

            /// <summary>A.</summary>
            [SessionModel]
            internal partial class InternalSession
            {
                /// <summary>A.</summary>
                public partial Dictionary<string, Dictionary<string, int?[]>> Nested { get; set; }
                /// <summary>A.</summary>
                public partial int Value { get; set; }
                /// <summary>A.</summary>
                public virtual partial string? Overridable { get; protected set; }
            }
            """;

        var output = GeneratorHarness.RunAndAssertClean(source);
        Assert.Equal(2, output.Files.Count);
    }

    [Fact]
    public void A_concurrency_that_is_no_named_value_is_emitted_as_written_so_start_up_refuses_it()
    {
        const string source = """
            using ScSession;

            namespace Shop;

            /// <summary>A.</summary>
            [SessionModel(Concurrency = (SessionConcurrency)7)]
            public partial class Odd
            {
                /// <summary>A.</summary>
                public partial int Value { get; set; }
            }
            """;

        var output = GeneratorHarness.RunAndAssertClean(source);

        Assert.Contains("Concurrency => (global::ScSession.SessionConcurrency)7;", Assert.Single(output.Files).Source, StringComparison.Ordinal);
    }

    [Fact]
    public void User_types_with_required_members()
    {
        const string source = """
            using System.Diagnostics.CodeAnalysis;
            using ScSession;

            namespace Accounts;

            /// <summary>A.</summary>
            public class Person
            {
                /// <summary>A.</summary>
                public required string Name { get; set; }
                /// <summary>A.</summary>
                public int Age { get; set; }
            }

            /// <summary>A.</summary>
            public sealed class Employee : Person
            {
                /// <summary>A.</summary>
                public required string Team { get; init; }
            }

            /// <summary>A.</summary>
            public sealed class Badge
            {
                /// <summary>A.</summary>
                /// <param name="code">A.</param>
                [SetsRequiredMembers]
                public Badge(string code) => Code = code;

                /// <summary>A.</summary>
                public required string Code { get; set; }
            }

            /// <summary>A.</summary>
            [SessionModel]
            public partial class Staff
            {
                /// <summary>A.</summary>
                public partial Person? Owner { get; set; }
                /// <summary>A.</summary>
                public partial Employee? Lead { get; set; }
                /// <summary>A.</summary>
                public partial Badge? Badge { get; set; }
            }
            """;

        var output = GeneratorHarness.RunAndAssertClean(source);
        Assert.Single(output.Files);
    }

    [Fact]
    public void Closed_generic_user_types_and_same_named_types()
    {
        const string source = """
            using System.Collections.Generic;
            using ScSession;

            namespace Generic
            {
                /// <summary>A.</summary>
                /// <typeparam name="TFirst">A.</typeparam>
                /// <typeparam name="TSecond">A.</typeparam>
                public sealed class Pair<TFirst, TSecond>
                {
                    /// <summary>A.</summary>
                    public TFirst First { get; set; } = default!;
                    /// <summary>A.</summary>
                    public TSecond Second { get; set; } = default!;
                }

                /// <summary>A.</summary>
                public sealed class Item
                {
                    /// <summary>A.</summary>
                    public int Id { get; set; }
                }

                /// <summary>A.</summary>
                [SessionModel]
                public partial class Pairs
                {
                    /// <summary>A.</summary>
                    public partial Pair<int, string?>? Numbers { get; set; }
                    /// <summary>A.</summary>
                    public partial List<Pair<string, Pair<int, int>>> Nested { get; set; }
                    /// <summary>A.</summary>
                    public partial Item? First { get; set; }
                    /// <summary>A.</summary>
                    public partial Other.Item? Second { get; set; }
                }
            }

            namespace Other
            {
                /// <summary>A type with the same name in another namespace.</summary>
                public sealed class Item
                {
                    /// <summary>A.</summary>
                    public string? Name { get; set; }
                }
            }
            """;

        var output = GeneratorHarness.RunAndAssertClean(source);
        var file = Assert.Single(output.Files).Source;
        Assert.Contains("private static class __Scs_Item_2", file, StringComparison.Ordinal);
        Assert.Contains("private static class __Scs_Pair_3", file, StringComparison.Ordinal);
    }
}
