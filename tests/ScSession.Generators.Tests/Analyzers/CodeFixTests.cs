using ScSession.CodeFixes;
using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests.Analyzers;

/// <summary>Each code fix: source before → source after, and the diagnostic is gone.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task SCSN0001_adds_partial_to_the_model() => AnalyzerHarness.VerifyCodeFixAsync(
        new AddPartialCodeFixProvider(),
        "SCSN0001",
        """
        using ScSession;

        namespace App;

        [SessionModel]
        public sealed class Cart
        {
            public int Count { get; set; }
        }
        """,
        """
        using ScSession;

        namespace App;

        [SessionModel]
        public sealed partial class Cart
        {
            public int Count { get; set; }
        }
        """);

    [Fact]
    public Task SCSN0001_adds_partial_to_containing_types_too() => AnalyzerHarness.VerifyCodeFixAsync(
        new AddPartialCodeFixProvider(),
        "SCSN0001",
        """
        using ScSession;

        namespace App;

        class Features
        {
            public static class Checkout
            {
                [SessionModel]
                public partial class State
                {
                    public partial int Step { get; set; }
                }
            }
        }
        """,
        """
        using ScSession;

        namespace App;

        partial class Features
        {
            public static partial class Checkout
            {
                [SessionModel]
                public partial class State
                {
                    public partial int Step { get; set; }
                }
            }
        }
        """);

    [Fact]
    public Task SCSN0004_renames_a_duplicate_SessionKey() => AnalyzerHarness.VerifyCodeFixAsync(
        new RenameDuplicateKeyCodeFixProvider(),
        "SCSN0004",
        """
        using ScSession;

        namespace App;

        [SessionModel]
        public partial class Cart
        {
            [SessionKey("n")]
            public partial int Count { get; set; }

            [SessionKey("n")]
            public partial string Note { get; set; }
        }
        """,
        """
        using ScSession;

        namespace App;

        [SessionModel]
        public partial class Cart
        {
            [SessionKey("n")]
            public partial int Count { get; set; }

            [SessionKey("note")]
            public partial string Note { get; set; }
        }
        """);

    [Fact]
    public Task SCSN0004_adds_a_SessionKey_when_the_name_collides() => AnalyzerHarness.VerifyCodeFixAsync(
        new RenameDuplicateKeyCodeFixProvider(),
        "SCSN0004",
        """
        using ScSession;

        namespace App;

        [SessionModel]
        public partial class Cart
        {
            [SessionKey("count")]
            public partial int Total { get; set; }

            /// <summary>Items.</summary>
            public partial int Count { get; set; }
        }
        """,
        """
        using ScSession;

        namespace App;

        [SessionModel]
        public partial class Cart
        {
            [SessionKey("count")]
            public partial int Total { get; set; }

            /// <summary>Items.</summary>
            [SessionKey("count2")]
            public partial int Count { get; set; }
        }
        """);
}
