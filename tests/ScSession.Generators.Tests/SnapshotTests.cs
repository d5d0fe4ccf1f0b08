using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests;

/// <summary>
/// The generated source of each scenario, reviewed like code in <c>Snapshots/</c>. Every scenario's output also
/// compiles with no diagnostic at all (nullable on, XML docs required).
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void FlatModel()
    {
        const string source = """
            using System;
            using ScSession;

            namespace Shop;

            /// <summary>Every primitive kind.</summary>
            [SessionModel]
            public partial class Primitives
            {
                /// <summary>A.</summary>
                public partial bool Flag { get; set; }
                /// <summary>A.</summary>
                public partial sbyte SByteValue { get; set; }
                /// <summary>A.</summary>
                public partial byte ByteValue { get; set; }
                /// <summary>A.</summary>
                public partial short ShortValue { get; set; }
                /// <summary>A.</summary>
                public partial ushort UShortValue { get; set; }
                /// <summary>A.</summary>
                public partial int Count { get; set; }
                /// <summary>A.</summary>
                public partial uint UIntValue { get; set; }
                /// <summary>A.</summary>
                public partial long LongValue { get; set; }
                /// <summary>A.</summary>
                public partial ulong ULongValue { get; set; }
                /// <summary>A.</summary>
                public partial nint NIntValue { get; set; }
                /// <summary>A.</summary>
                public partial nuint NUIntValue { get; set; }
                /// <summary>A.</summary>
                public partial float Ratio { get; set; }
                /// <summary>A.</summary>
                public partial double Score { get; set; }
                /// <summary>A.</summary>
                public partial decimal Price { get; set; }
                /// <summary>A.</summary>
                public partial char Initial { get; set; }
                /// <summary>A.</summary>
                public partial string Name { get; set; }
                /// <summary>A.</summary>
                public partial Guid Id { get; set; }
                /// <summary>A.</summary>
                public partial DateTime CreatedAt { get; set; }
                /// <summary>A.</summary>
                public partial DateTimeOffset SeenAt { get; set; }
                /// <summary>A.</summary>
                public partial DateOnly Birthday { get; set; }
                /// <summary>A.</summary>
                public partial TimeOnly WakeUp { get; set; }
                /// <summary>A.</summary>
                public partial TimeSpan Timeout { get; set; }
            }
            """;

        SnapshotAssert.Verify(GeneratorHarness.RunAndAssertClean(source).Files);
    }

    [Fact]
    public void NestedRecordsAndCollections()
    {
        const string source = """
            using System.Collections.Generic;
            using ScSession;

            namespace Shop;

            /// <summary>A cart line: a positional record.</summary>
            /// <param name="Sku">The product.</param>
            /// <param name="Quantity">How many.</param>
            public sealed record CartItem(string Sku, int Quantity)
            {
                /// <summary>A settable extra beside the primary constructor.</summary>
                public string? Note { get; set; }

                /// <summary>Computed: not stored.</summary>
                public bool IsEmpty => Quantity == 0;

                /// <summary>Get-only collection: stored, and filled in place on read.</summary>
                public List<string> Labels { get; } = new();
            }

            /// <summary>A mutable class: created first, then assigned.</summary>
            public sealed class Address
            {
                /// <summary>A.</summary>
                public string Street { get; set; } = "";
                /// <summary>A.</summary>
                public List<string> Lines { get; set; } = new();
                /// <summary>A.</summary>
                public Address? Previous { get; set; }
            }

            /// <summary>Init-only members.</summary>
            public readonly record struct Money
            {
                /// <summary>A.</summary>
                public decimal Amount { get; init; }
                /// <summary>A.</summary>
                public string Currency { get; init; }
            }

            /// <summary>A cart.</summary>
            [SessionModel(Name = "cart")]
            public partial class CartSession
            {
                /// <summary>A.</summary>
                public partial List<CartItem> Items { get; set; }
                /// <summary>A.</summary>
                public partial CartItem[] Saved { get; set; }
                /// <summary>A.</summary>
                public partial HashSet<string> Coupons { get; set; }
                /// <summary>A.</summary>
                public partial Dictionary<string, Money> Totals { get; set; }
                /// <summary>A.</summary>
                public partial IReadOnlyList<IList<int>?> Matrix { get; set; }
                /// <summary>A.</summary>
                public partial Address Shipping { get; set; }
                /// <summary>A.</summary>
                public partial Money Balance { get; set; }
                /// <summary>A.</summary>
                public partial List<string?>? Tags { get; set; }
            }
            """;

        SnapshotAssert.Verify(GeneratorHarness.RunAndAssertClean(source).Files);
    }

    [Fact]
    public void EnumsAndNullables()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using ScSession;

            namespace Prefs;

            /// <summary>A theme.</summary>
            public enum Theme
            {
                /// <summary>A.</summary>
                Light,
                /// <summary>A.</summary>
                Dark,
                /// <summary>An alias of Dark: read, never written.</summary>
                Night = Dark,
                /// <summary>A keyword member.</summary>
                @default = 7,
            }

            /// <summary>Flags on a byte.</summary>
            [Flags]
            public enum Permissions : byte
            {
                /// <summary>A.</summary>
                None = 0,
                /// <summary>A.</summary>
                Read = 1,
                /// <summary>A.</summary>
                Write = 2,
            }

            /// <summary>Preferences.</summary>
            [SessionModel]
            public partial class Preferences
            {
                /// <summary>A.</summary>
                public partial Theme Theme { get; set; }
                /// <summary>A.</summary>
                public partial Theme? PreviousTheme { get; set; }
                /// <summary>A.</summary>
                public partial Permissions Permissions { get; set; }
                /// <summary>A.</summary>
                public partial List<Theme> History { get; set; }
                /// <summary>A.</summary>
                public partial int? Age { get; set; }
                /// <summary>A.</summary>
                public partial Guid? LastOrder { get; set; }
                /// <summary>A.</summary>
                public partial DateOnly? Birthday { get; set; }
                /// <summary>A.</summary>
                public partial string? Language { get; set; }
                /// <summary>A.</summary>
                public partial double? Score { get; set; }
            }
            """;

        SnapshotAssert.Verify(GeneratorHarness.RunAndAssertClean(source).Files);
    }

    [Fact]
    public void SessionKeyAndIgnore()
    {
        const string source = """
            using ScSession;

            namespace Auth;

            /// <summary>Login state.</summary>
            [SessionModel]
            public partial class LoginSession
            {
                /// <summary>Stored as "uid".</summary>
                [SessionKey("uid")]
                public partial string? UserId { get; set; }

                /// <summary>Camel-cased like System.Text.Json: "urlValue".</summary>
                public partial string? URLValue { get; set; }

                /// <summary>Implemented but never stored.</summary>
                [SessionIgnore]
                public partial int RequestCounter { get; set; }

                /// <summary>A setter the model's users cannot call.</summary>
                public partial int FailedAttempts { get; private set; }

                /// <summary>Not partial: the user's own property, untouched.</summary>
                public string Display => UserId ?? "anonymous";
            }
            """;

        SnapshotAssert.Verify(GeneratorHarness.RunAndAssertClean(source).Files);
    }

    [Fact]
    public void ModelWithConcurrencyPolicy()
    {
        const string source = """
            using System.Collections.Generic;
            using ScSession;

            namespace Shop;

            /// <summary>A cart that parallel requests change: each save checks nobody saved it meanwhile.</summary>
            [SessionModel(Concurrency = SessionConcurrency.Optimistic)]
            public partial class Checkout
            {
                /// <summary>The SKUs.</summary>
                public partial List<string> Skus { get; set; }
            }
            """;

        SnapshotAssert.Verify(GeneratorHarness.RunAndAssertClean(source).Files);
    }

    [Fact]
    public void ModelNestedInPartialTypes()
    {
        const string source = """
            using ScSession;

            namespace App.Features;

            /// <summary>A.</summary>
            public static partial class Checkout
            {
                /// <summary>A.</summary>
                public partial record Flow
                {
                    /// <summary>A model nested two levels deep.</summary>
                    [SessionModel]
                    public partial class State
                    {
                        /// <summary>A.</summary>
                        public partial int Step { get; set; }
                    }
                }
            }
            """;

        SnapshotAssert.Verify(GeneratorHarness.RunAndAssertClean(source).Files);
    }

    [Fact]
    public void ModelInGlobalNamespace()
    {
        const string source = """
            /// <summary>A model with no namespace.</summary>
            [ScSession.SessionModel]
            public partial class GlobalSession
            {
                /// <summary>A.</summary>
                public partial string Message { get; set; }
            }
            """;

        SnapshotAssert.Verify(GeneratorHarness.RunAndAssertClean(source).Files);
    }

    [Fact]
    public void TypeSharedByTwoModels()
    {
        const string source = """
            using ScSession;

            namespace Shared;

            /// <summary>Used by both models.</summary>
            /// <param name="X">A.</param>
            /// <param name="Y">A.</param>
            public readonly record struct Point(int X, int Y);

            /// <summary>A.</summary>
            [SessionModel]
            public partial class First
            {
                /// <summary>A.</summary>
                public partial Point Location { get; set; }
            }

            /// <summary>A.</summary>
            [SessionModel]
            internal partial class Second
            {
                /// <summary>A.</summary>
                public partial Point? Target { get; set; }
            }
            """;

        SnapshotAssert.Verify(GeneratorHarness.RunAndAssertClean(source).Files);
    }
}
