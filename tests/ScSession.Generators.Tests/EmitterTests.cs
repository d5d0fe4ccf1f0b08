using ScSession.Generators.Tests.Infrastructure;

namespace ScSession.Generators.Tests;

/// <summary>The emitter alone, from hand-built specs: what a given model turns into, independent of the parser.</summary>
public sealed class EmitterTests
{
    [Fact]
    public void Cart_with_a_list_of_records()
    {
        var cartItem = new TypeSpec(SessionTypeKind.Object, "global::Shop.CartItem", false, false, null, "__Scs_CartItem", null, false);
        var items = new TypeSpec(SessionTypeKind.List, "global::System.Collections.Generic.List<global::Shop.CartItem>", false, false, cartItem, null,
            "global::System.Collections.Generic.List<global::Shop.CartItem>", false);
        var currency = new TypeSpec(SessionTypeKind.String, "string", true, false, null, null, null, false);

        var spec = new SessionModelSpec(
            HintName: "Shop.CartSession.g.cs",
            Namespace: "Shop",
            ContainingTypes: EquatableArray<ContainingTypeSpec>.Empty,
            Keyword: "class",
            TypeName: "CartSession",
            FullyQualifiedName: "global::Shop.CartSession",
            DisplayName: "CartSession",
            SectionName: "CartSession",
            EmitBindAsync: true,
            Properties: new([
                new ModelPropertySpec("public", "Items", "__scs_Items", "items", items, "set", ""),
                new ModelPropertySpec("public", "Currency", "__scs_Currency", "currency", currency, "set", ""),
            ]),
            Enums: EquatableArray<EnumSpec>.Empty,
            Objects: new([
                new ObjectSpec("__Scs_CartItem", "global::Shop.CartItem", "CartItem", UseSetters: false, new([
                    new ObjectMemberSpec("Sku", "Sku", "sku", new TypeSpec(SessionTypeKind.String, "string", false, false, null, null, null, false), 0),
                    new ObjectMemberSpec("Quantity", "Quantity", "quantity", new TypeSpec(SessionTypeKind.Int32, "int", false, true, null, null, null, false), 1),
                ])),
            ]));

        var file = SessionModelGenerator.Emitter.Emit(spec);

        SnapshotAssert.Verify([file]);
    }

    [Fact]
    public void Empty_model_in_the_global_namespace_without_aspnetcore()
    {
        // No HttpContext in the compilation: no BindAsync. No fields: the reader only skips.
        var spec = new SessionModelSpec(
            "Empty.g.cs", "", EquatableArray<ContainingTypeSpec>.Empty, "class", "Empty", "global::Empty", "Empty", "empty",
            EmitBindAsync: false,
            EquatableArray<ModelPropertySpec>.Empty, EquatableArray<EnumSpec>.Empty, EquatableArray<ObjectSpec>.Empty);

        SnapshotAssert.Verify([SessionModelGenerator.Emitter.Emit(spec)]);
    }
}
