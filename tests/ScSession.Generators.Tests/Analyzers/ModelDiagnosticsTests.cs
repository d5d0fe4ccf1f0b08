using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests.Analyzers;

/// <summary>SCSN0001–SCSN0008: one positive and at least two look-alike negative cases each; every diagnostic asserted.</summary>
public sealed class ModelDiagnosticsTests
{
    private const string Usings = "using System.Collections.Generic;\nusing ScSession;\n\nnamespace App;\n\n";

    private static Task Verify(string source, params (string Id, string Message)[] expected)
        => AnalyzerHarness.VerifyAsync(Usings + source, expected);

    private static string NotPartial(string property, string model)
        => $"Property '{property}' of session model '{model}' is not partial, so it is not stored in the session: every change to it is lost with the request. Declare it 'public partial' (the generator implements it), or mark it [SessionIgnore] if it is not meant to be stored.";

    private static string NoAccessors(string property, string model, string reason)
        => $"Partial property '{property}' of session model '{model}' {reason}: a stored property needs both 'get' and 'set' — the framework fills it from the session and your code changes it. Declare it '{{ get; set; }}', or make it an ordinary property if it is computed.";

    // SCSN0001

    [Fact]
    public Task SCSN0001_model_not_partial() => Verify(
        "[SessionModel]\npublic class [|Cart|]\n{\n    public int [|Count|] { get; set; }\n}",
        ("SCSN0001", "Session model 'Cart' must be declared partial: add the 'partial' modifier so that the generator can implement session model 'Cart'"),
        ("SCSN0007", NotPartial("Count", "Cart")));

    [Fact]
    public Task SCSN0001_containing_type_not_partial() => Verify(
        "public class [|Outer|]\n{\n    [SessionModel]\n    public partial class Cart\n    {\n        public partial int [|Count|] { get; set; }\n    }\n}",
        ("SCSN0001", "Containing type 'Outer' must be declared partial: add the 'partial' modifier so that the generator can implement session model 'Cart'"),
        // Without a partial Outer no second part of Cart can be generated: the compiler's own error stays (documented).
        ("CS9248", "Partial property 'Outer.Cart.Count' must have an implementation part."));

    [Fact]
    public Task SCSN0001_not_reported_for_partial_models_nested_in_partial_types() => Verify(
        "public partial class Outer\n{\n    [SessionModel]\n    public partial class Cart\n    {\n        public partial int Count { get; set; }\n    }\n}");

    [Fact]
    public Task SCSN0001_not_reported_for_a_non_partial_class_without_SessionModel() => Verify(
        "public class Cart\n{\n    public int Count { get; set; }\n}\n\n[SessionModel]\npublic partial record Prefs\n{\n    public partial string Theme { get; set; }\n}");

    // SCSN0002

    [Fact]
    public Task SCSN0002_generic_abstract_and_no_constructor() => Verify(
        "[SessionModel]\npublic partial class [|Box|]<T>\n{\n    public partial int Count { get; set; }\n}\n\n" +
        "[SessionModel]\npublic abstract partial class [|Base|]\n{\n    public partial int Count { get; set; }\n}\n\n" +
        "[SessionModel]\npublic partial class [|NoCtor|]\n{\n    public NoCtor(int count) { }\n\n    public partial int Count { get; set; }\n}",
        ("SCSN0002", "Session model 'Box<T>' is generic: a session model is registered once per type and cannot have type parameters; remove them"),
        ("SCSN0002", "Session model 'Base' is abstract: a session model is created with its parameterless constructor; remove 'abstract'"),
        ("SCSN0002", "Session model 'NoCtor' has no parameterless constructor: add one (it may be private)"));

    [Fact]
    public Task SCSN0002_static_model() => Verify(
        "[SessionModel]\npublic static partial class [|Settings|]\n{\n}",
        ("SCSN0002", "Session model 'Settings' is static: a session model is created per request; remove 'static'"));

    [Fact]
    public Task SCSN0002_not_reported_for_sealed_internal_records_and_private_constructors() => Verify(
        "[SessionModel]\npublic sealed partial class Sealed\n{\n    public partial int Count { get; set; }\n}\n\n" +
        "[SessionModel]\ninternal partial record Internal\n{\n    public partial int Count { get; set; }\n}\n\n" +
        "[SessionModel]\npublic partial class PrivateCtor\n{\n    private PrivateCtor() { }\n\n    public partial int Count { get; set; }\n}");

    [Fact]
    public Task SCSN0002_not_reported_for_a_generic_property_type_or_an_abstract_base() => Verify(
        "public abstract class Base\n{\n    public int Id { get; set; }\n}\n\n" +
        "[SessionModel]\npublic partial class Cart : Base\n{\n    public partial List<int> Items { get; set; }\n}");

    // SCSN0003

    [Fact]
    public Task SCSN0003_unsupported_property_types() => Verify(
        "public sealed class Holder\n{\n    public object? Value { get; set; }\n}\n\n" +
        "[SessionModel]\npublic partial class Upload\n{\n    public partial [|System.IO.Stream|] Body { get; set; }\n\n    public partial [|Holder|] Held { get; set; }\n\n    public partial [|System.Action|] Callback { get; set; }\n\n    public required partial int [|Count|] { get; set; }\n}",
        ("SCSN0003", "Property 'Body' of session model 'Upload' cannot be stored in the session: 'Stream' is a framework type that is not session data. Use a supported type (primitives, string, enums, dates, collections, records and classes of those), or make it an ordinary non-partial property to keep it out of the session."),
        ("SCSN0003", "Property 'Held' of session model 'Upload' cannot be stored in the session: its property 'Holder.Value' cannot be stored: 'object' is not supported: use a concrete type. Use a supported type (primitives, string, enums, dates, collections, records and classes of those), or make it an ordinary non-partial property to keep it out of the session."),
        ("SCSN0003", "Property 'Callback' of session model 'Upload' cannot be stored in the session: 'Action' is a delegate, and code cannot be stored. Use a supported type (primitives, string, enums, dates, collections, records and classes of those), or make it an ordinary non-partial property to keep it out of the session."),
        ("SCSN0003", "Property 'Count' of session model 'Upload' cannot be stored in the session: a 'required' property cannot be left to the session to fill; remove 'required'. Use a supported type (primitives, string, enums, dates, collections, records and classes of those), or make it an ordinary non-partial property to keep it out of the session."));

    [Fact]
    public Task SCSN0003_not_reported_for_ordinary_properties_of_unsupported_types() => Verify(
        "[SessionModel]\npublic partial class Upload\n{\n    [SessionIgnore]\n    public System.IO.Stream? Body { get; set; }\n\n    public System.IO.Stream? Computed => null;\n\n    public partial int Count { get; set; }\n}");

    [Fact]
    public Task SCSN0003_not_reported_for_supported_collections_and_records() => Verify(
        "public sealed record CartItem(string Sku, int Quantity);\n\n" +
        "[SessionModel]\npublic partial class Cart\n{\n    public partial List<CartItem> Items { get; set; }\n\n    public partial Dictionary<string, int[]> Counts { get; set; }\n\n    public partial IReadOnlyList<System.Guid> Seen { get; set; }\n}");

    // SCSN0004

    [Fact]
    public Task SCSN0004_duplicate_keys() => Verify(
        "[SessionModel]\npublic partial class Cart\n{\n    [SessionKey(\"k\")]\n    public partial int A { get; set; }\n\n    [SessionKey([|\"k\"|])]\n    public partial int B { get; set; }\n\n    [SessionKey(\"count\")]\n    public partial int Total { get; set; }\n\n    public partial int [|Count|] { get; set; }\n}",
        ("SCSN0004", "Properties 'A' and 'B' of session model 'Cart' both use the session key 'k': give one of them a different [SessionKey]"),
        ("SCSN0004", "Properties 'Total' and 'Count' of session model 'Cart' both use the session key 'count': give one of them a different [SessionKey]"));

    [Fact]
    public Task SCSN0004_not_reported_for_one_key_in_two_models() => Verify(
        "[SessionModel]\npublic partial class Cart\n{\n    [SessionKey(\"k\")]\n    public partial int A { get; set; }\n}\n\n" +
        "[SessionModel]\npublic partial class Prefs\n{\n    [SessionKey(\"k\")]\n    public partial int A { get; set; }\n}");

    [Fact]
    public Task SCSN0004_not_reported_when_one_property_is_ignored_or_keys_differ_in_case() => Verify(
        "[SessionModel]\npublic partial class Cart\n{\n    [SessionKey(\"k\")]\n    public partial int A { get; set; }\n\n    [SessionKey(\"k\"), SessionIgnore]\n    public partial int B { get; set; }\n\n    [SessionKey(\"K\")]\n    public partial int C { get; set; }\n}");

    // SCSN0005

    [Fact]
    public Task SCSN0005_invalid_keys() => Verify(
        "[SessionModel(Name = [|\"__cart\"|])]\npublic partial class Cart\n{\n    [SessionKey([|\"$type\"|])]\n    public partial int A { get; set; }\n\n    [SessionKey([|\"two words\"|])]\n    public partial int B { get; set; }\n\n    [SessionKey([|\"größe\"|])]\n    public partial int C { get; set; }\n\n    [SessionKey([|\"\"|])]\n    public partial int D { get; set; }\n\n    [SessionKey([|\"" + new string('x', 65) + "\"|])]\n    public partial int E { get; set; }\n}",
        ("SCSN0005", "Session key '__cart' of session model 'Cart' (its section name) starts with '__', which is reserved for ScSession: use a short ASCII key of letters, digits, '-', '_' or '.'"),
        ("SCSN0005", "Session key '$type' of property 'Cart.A' starts with '$', which is reserved for ScSession: use a short ASCII key of letters, digits, '-', '_' or '.'"),
        ("SCSN0005", "Session key 'two words' of property 'Cart.B' contains whitespace: use a short ASCII key of letters, digits, '-', '_' or '.'"),
        ("SCSN0005", "Session key 'größe' of property 'Cart.C' contains non-ASCII characters: use a short ASCII key of letters, digits, '-', '_' or '.'"),
        ("SCSN0005", "Session key '' of property 'Cart.D' is empty: use a short ASCII key of letters, digits, '-', '_' or '.'"),
        ("SCSN0005", "Session key '" + new string('x', 65) + "' of property 'Cart.E' is longer than 64 characters: use a short ASCII key of letters, digits, '-', '_' or '.'"));

    [Fact]
    public Task SCSN0005_not_reported_for_punctuated_ascii_keys() => Verify(
        "[SessionModel(Name = \"shop.cart-v2\")]\npublic partial class Cart\n{\n    [SessionKey(\"line_items\")]\n    public partial int A { get; set; }\n\n    [SessionKey(\"user.name\")]\n    public partial int B { get; set; }\n\n    [SessionKey(\"a$b__c\")]\n    public partial int C { get; set; }\n}");

    [Fact]
    public Task SCSN0005_not_reported_for_keys_of_ignored_properties_or_a_64_character_key() => Verify(
        "[SessionModel]\npublic partial class Cart\n{\n    [SessionKey(\"__old\"), SessionIgnore]\n    public partial int A { get; set; }\n\n    [SessionKey(\"" + new string('x', 64) + "\")]\n    public partial int B { get; set; }\n}");

    // SCSN0006

    [Fact]
    public Task SCSN0006_two_models_with_one_section_name() => Verify(
        "[SessionModel(Name = [|\"cart\"|])]\npublic partial class Cart\n{\n    public partial int Count { get; set; }\n}\n\n" +
        "[SessionModel(Name = [|\"cart\"|])]\npublic partial class Basket\n{\n    public partial int Count { get; set; }\n}",
        ("SCSN0006", "Session models 'App.Cart' and 'App.Basket' both use the section name 'cart': they would overwrite each other's data; give one of them a different [SessionModel(Name = ...)]"),
        ("SCSN0006", "Session models 'App.Basket' and 'App.Cart' both use the section name 'cart': they would overwrite each other's data; give one of them a different [SessionModel(Name = ...)]"));

    [Fact]
    public Task SCSN0006_not_reported_for_distinct_names() => Verify(
        "[SessionModel(Name = \"cart\")]\npublic partial class Cart\n{\n    public partial int Count { get; set; }\n}\n\n" +
        "[SessionModel(Name = \"cart2\")]\npublic partial class Basket\n{\n    public partial int Count { get; set; }\n}");

    [Fact]
    public Task SCSN0006_not_reported_for_a_plain_class_named_like_a_section() => Verify(
        "[SessionModel]\npublic partial class Cart\n{\n    public partial int Count { get; set; }\n}\n\n" +
        "public static class Sections\n{\n    public sealed class Cart\n    {\n    }\n}");

    // SCSN0007

    [Fact]
    public Task SCSN0007_auto_properties_that_are_not_partial() => Verify(
        "[SessionModel]\npublic partial class Profile\n{\n    public string [|DisplayName|] { get; set; } = \"\";\n\n    public List<string> [|Tags|] { get; init; } = new();\n\n    public partial int Visits { get; set; }\n}",
        ("SCSN0007", NotPartial("DisplayName", "Profile")),
        ("SCSN0007", NotPartial("Tags", "Profile")));

    [Fact]
    public Task SCSN0007_not_reported_for_computed_get_only_non_public_static_or_ignored_properties() => Verify(
        "[SessionModel]\npublic partial class Profile\n{\n    private string _name = \"\";\n\n    public partial int Visits { get; set; }\n\n" +
        "    public bool IsFrequent => Visits > 10;\n\n    public string Name { get => _name; set => _name = value.Trim(); }\n\n    public string Title { get; } = \"Profile\";\n\n" +
        "    internal int Cache { get; set; }\n\n    public static int Created { get; set; }\n\n    [SessionIgnore]\n    public string? Transient { get; set; }\n}");

    [Fact]
    public Task SCSN0007_not_reported_outside_session_models() => Verify(
        "public sealed class Address\n{\n    public string City { get; set; } = \"\";\n}\n\n[SessionModel]\npublic partial class Profile\n{\n    public partial Address? Home { get; set; }\n}");

    // SCSN0008 (reported by the generator: the compilation would otherwise fail with CS9248 and hide it)

    [Fact]
    public Task SCSN0008_partial_properties_without_a_getter_and_a_setter() => Verify(
        "[SessionModel]\npublic partial class Checkout\n{\n    public partial int [|Step|] { get; }\n\n    public partial string? [|Coupon|] { get; init; }\n\n    public partial int Items { get; set; }\n}",
        ("SCSN0008", NoAccessors("Step", "Checkout", "has only a getter")),
        ("SCSN0008", NoAccessors("Coupon", "Checkout", "is init-only")));

    [Fact]
    public Task SCSN0008_not_reported_for_get_set_partial_properties_with_any_setter_accessibility() => Verify(
        "[SessionModel]\npublic partial class Checkout\n{\n    public partial int Step { get; private set; }\n\n    public partial string? Coupon { get; set; }\n}");
}
