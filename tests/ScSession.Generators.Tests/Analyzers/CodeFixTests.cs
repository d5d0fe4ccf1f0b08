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

    [Fact]
    public Task SCSN0007_makes_an_auto_property_partial_and_drops_a_default_initializer() => AnalyzerHarness.VerifyCodeFixAsync(
        new MakePropertyPartialCodeFixProvider(),
        "SCSN0007",
        """
        using ScSession;

        namespace App;

        [SessionModel]
        public partial class Profile
        {
            public string DisplayName { get; set; } = "";
        }
        """,
        """
        using ScSession;

        namespace App;

        [SessionModel]
        public partial class Profile
        {
            public partial string DisplayName { get; set; }
        }
        """);

    [Fact]
    public Task SCSN0007_keeps_attributes_and_other_modifiers() => AnalyzerHarness.VerifyCodeFixAsync(
        new MakePropertyPartialCodeFixProvider(),
        "SCSN0007",
        """
        using System.Collections.Generic;
        using ScSession;

        namespace App;

        [SessionModel]
        public partial class Cart
        {
            [SessionKey("lines")]
            public virtual List<string> Items { get; set; } = new();
        }
        """,
        """
        using System.Collections.Generic;
        using ScSession;

        namespace App;

        [SessionModel]
        public partial class Cart
        {
            [SessionKey("lines")]
            public virtual partial List<string> Items { get; set; }
        }
        """);
}
