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

    [Fact]
    public Task SCSN0104_replaces_a_hand_written_JSON_read_with_the_typed_model() => AnalyzerHarness.VerifyCodeFixAsync(
        new UseTypedModelCodeFixProvider(),
        "SCSN0104",
        """
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using ScSession;

        namespace App;

        [SessionModel]
        public partial class CartSession
        {
            public partial int Count { get; set; }
        }

        public static class CartEndpoint
        {
            public static async Task<int> CountAsync(HttpContext context)
            {
                var cart = JsonSerializer.Deserialize<CartSession>(context.Session.GetString("CartSession") ?? "{}");
                await Task.Yield();
                return cart!.Count;
            }
        }
        """,
        """
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using ScSession;

        namespace App;

        [SessionModel]
        public partial class CartSession
        {
            public partial int Count { get; set; }
        }

        public static class CartEndpoint
        {
            public static async Task<int> CountAsync(HttpContext context)
            {
                var cart = await context.GetSessionAsync<CartSession>();
                await Task.Yield();
                return cart!.Count;
            }
        }
        """);

    [Fact]
    public async Task SCSN0104_offers_no_fix_where_the_typed_model_would_not_mean_the_same()
    {
        // Not deserialized into the model, and not in an async method: a mechanical rewrite would not compile.
        var offered = await AnalyzerHarness.CodeFixesOfferedAsync(
            new UseTypedModelCodeFixProvider(),
            "SCSN0104",
            """
            using Microsoft.AspNetCore.Http;
            using ScSession;

            namespace App;

            [SessionModel]
            public partial class CartSession
            {
                public partial int Count { get; set; }
            }

            public static class CartEndpoint
            {
                public static string? Raw(HttpContext context) => context.Session.GetString("CartSession");
            }
            """);

        Assert.Equal(0, offered);
    }
}
