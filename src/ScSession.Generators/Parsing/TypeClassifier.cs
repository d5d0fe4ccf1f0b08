using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Parsing;

/// <summary>
/// Decides, for one model, whether each type it stores can be serialized, and describes it for the emitter: a
/// <see cref="TypeSpec"/>, plus the enums and user types the model's file needs helpers for. Returns the reason a
/// type cannot be stored instead of throwing or setting flags.
/// </summary>
internal sealed class TypeClassifier
{
    private readonly UserTypeShape _userTypes;
    private readonly CancellationToken _cancellationToken;
    private readonly HelperNames _helperNames = new();
    private readonly List<EnumSpec> _enums = new();
    private readonly List<ObjectSpec> _objects = new();

    public TypeClassifier(Compilation compilation, INamedTypeSymbol model, CancellationToken cancellationToken)
    {
        _userTypes = new UserTypeShape(compilation, model);
        _cancellationToken = cancellationToken;
    }

    /// <summary>The enums the classified types use, each once.</summary>
    public IReadOnlyList<EnumSpec> Enums => _enums;

    /// <summary>The user types the classified types use, each once.</summary>
    public IReadOnlyList<ObjectSpec> Objects => _objects;

    /// <summary>Describes a type, or says why the serializer cannot handle it.</summary>
    public TypeClassification Classify(ITypeSymbol type)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        switch (type.TypeKind)
        {
            case TypeKind.Error:
                return TypeClassification.Unresolved;
            case TypeKind.Dynamic:
                return Unsupported(StorageReason.Dynamic);
            case TypeKind.Pointer or TypeKind.FunctionPointer:
                return Unsupported(StorageReason.Pointer);
            case TypeKind.Delegate:
                return Unsupported(StorageReason.Delegate, type);
            case TypeKind.TypeParameter:
                return Unsupported(StorageReason.TypeParameter, type);
        }

        var isNullableReference = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        var name = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolText.FullyQualified);
        TypeClassification Simple(SessionTypeKind kind) => Supported(new(kind, name, isNullableReference, type.IsValueType, null, null, null, false));

        if (SimpleKindOf(type.SpecialType) is { } simple)
        {
            return Simple(simple);
        }

        if (type.SpecialType == SpecialType.System_Object)
        {
            return Unsupported(StorageReason.Object);
        }

        if (type is IArrayTypeSymbol array)
        {
            return array.IsSZArray
                ? Wrap(Classify(array.ElementType), element => new TypeSpec(SessionTypeKind.Array, name, isNullableReference, false, element, null, null, false))
                : Unsupported(StorageReason.MultiDimensionalArray);
        }

        if (type is not INamedTypeSymbol named || named.IsUnboundGenericType || type.IsRefLikeType)
        {
            return Unsupported(StorageReason.TypeNotSupported, type);
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return Wrap(Classify(named.TypeArguments[0]), underlying => new TypeSpec(SessionTypeKind.Nullable, name, false, true, underlying, null, null, false));
        }

        if (SymbolText.HasFullName(named.ContainingNamespace, "System"))
        {
            switch (named.MetadataName)
            {
                case "Guid": return Simple(SessionTypeKind.Guid);
                case "DateTimeOffset": return Simple(SessionTypeKind.DateTimeOffset);
                case "DateOnly": return Simple(SessionTypeKind.DateOnly);
                case "TimeOnly": return Simple(SessionTypeKind.TimeOnly);
                case "TimeSpan": return Simple(SessionTypeKind.TimeSpan);
            }
        }

        if (SymbolText.HasFullName(named.ContainingNamespace, "System.Collections.Generic"))
        {
            return ClassifyCollection(named, name, isNullableReference);
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            return ClassifyEnum(named, name);
        }

        // The helper is keyed by the type without its own top-level '?': Address and Address? share one.
        return ClassifyObject((INamedTypeSymbol)named.WithNullableAnnotation(NullableAnnotation.NotAnnotated), name, isNullableReference);
    }

    private static SessionTypeKind? SimpleKindOf(SpecialType type) => type switch
    {
        SpecialType.System_Boolean => SessionTypeKind.Boolean,
        SpecialType.System_SByte => SessionTypeKind.SByte,
        SpecialType.System_Byte => SessionTypeKind.Byte,
        SpecialType.System_Int16 => SessionTypeKind.Int16,
        SpecialType.System_UInt16 => SessionTypeKind.UInt16,
        SpecialType.System_Int32 => SessionTypeKind.Int32,
        SpecialType.System_UInt32 => SessionTypeKind.UInt32,
        SpecialType.System_Int64 => SessionTypeKind.Int64,
        SpecialType.System_UInt64 => SessionTypeKind.UInt64,
        SpecialType.System_IntPtr => SessionTypeKind.IntPtr,
        SpecialType.System_UIntPtr => SessionTypeKind.UIntPtr,
        SpecialType.System_Single => SessionTypeKind.Single,
        SpecialType.System_Double => SessionTypeKind.Double,
        SpecialType.System_Decimal => SessionTypeKind.Decimal,
        SpecialType.System_Char => SessionTypeKind.Char,
        SpecialType.System_String => SessionTypeKind.String,
        SpecialType.System_DateTime => SessionTypeKind.DateTime,
        _ => null,
    };

    private TypeClassification ClassifyCollection(INamedTypeSymbol named, string name, bool isNullableReference)
    {
        SessionTypeKind kind;
        string construct;
        switch (named.MetadataName)
        {
            case "List`1":
            case "IList`1":
            case "ICollection`1":
            case "IEnumerable`1":
            case "IReadOnlyList`1":
            case "IReadOnlyCollection`1":
                kind = SessionTypeKind.List;
                construct = TypeNames.List;
                break;
            case "HashSet`1":
            case "ISet`1":
            case "IReadOnlySet`1":
                kind = SessionTypeKind.HashSet;
                construct = TypeNames.HashSet;
                break;
            case "Dictionary`2":
            case "IDictionary`2":
            case "IReadOnlyDictionary`2":
                if (named.TypeArguments[0].SpecialType != SpecialType.System_String)
                {
                    return Unsupported(StorageReason.DictionaryKeyNotString, named);
                }

                kind = SessionTypeKind.Dictionary;
                construct = TypeNames.Dictionary;
                break;
            default:
                return Unsupported(StorageReason.CollectionNotSupported, named);
        }

        return Wrap(Classify(named.TypeArguments[named.TypeArguments.Length - 1]), element =>
        {
            var arguments = kind == SessionTypeKind.Dictionary ? "string, " + element.DeclaredName : element.DeclaredName;
            return new TypeSpec(kind, name, isNullableReference, false, element, null, construct + "<" + arguments + ">", false);
        });
    }

    private TypeClassification ClassifyEnum(INamedTypeSymbol type, string name)
    {
        if (!_userTypes.IsAccessible(type))
        {
            return Unsupported(StorageReason.NotAccessible, type);
        }

        if (!_helperNames.TryGet(type, name, out var helper))
        {
            helper = _helperNames.Add(type, name);
            _enums.Add(DescribeEnum(type, helper));
        }

        return Supported(new TypeSpec(SessionTypeKind.Enum, name, false, true, null, helper, null, false));
    }

    private static EnumSpec DescribeEnum(INamedTypeSymbol type, string helper)
    {
        var underlying = type.EnumUnderlyingType?.SpecialType switch
        {
            SpecialType.System_SByte => SessionTypeKind.SByte,
            SpecialType.System_Byte => SessionTypeKind.Byte,
            SpecialType.System_Int16 => SessionTypeKind.Int16,
            SpecialType.System_UInt16 => SessionTypeKind.UInt16,
            SpecialType.System_UInt32 => SessionTypeKind.UInt32,
            SpecialType.System_Int64 => SessionTypeKind.Int64,
            SpecialType.System_UInt64 => SessionTypeKind.UInt64,
            _ => SessionTypeKind.Int32,
        };

        var seen = new HashSet<object>();
        var members = new List<EnumMemberSpec>();
        foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.HasConstantValue && field.ConstantValue is not null)
            {
                members.Add(new EnumMemberSpec(SymbolText.Identifier(field.Name), field.Name, seen.Add(field.ConstantValue)));
            }
        }

        return new EnumSpec(
            helper,
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.ToDisplayString(SymbolText.Display),
            underlying,
            new EquatableArray<EnumMemberSpec>(members));
    }

    private TypeClassification ClassifyObject(INamedTypeSymbol type, string name, bool isNullableReference)
    {
        if (UserTypeShape.IsFrameworkType(type))
        {
            return Unsupported(StorageReason.FrameworkType, type);
        }

        if (type.TypeKind is TypeKind.Interface || type.IsAbstract)
        {
            return Unsupported(StorageReason.InterfaceOrAbstract, type);
        }

        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic)
        {
            return Unsupported(StorageReason.TypeNotSupported, type);
        }

        if (!_userTypes.IsAccessible(type))
        {
            return Unsupported(StorageReason.NotAccessible, type);
        }

        if (type.TypeArguments.Any(a => a.TypeKind == TypeKind.TypeParameter))
        {
            return Unsupported(StorageReason.OpenTypeParameters, type);
        }

        // A type seen before reuses its helper. The name is taken before the members are classified, so that a
        // recursive type terminates (and a type that failed once is not reported twice: the model is skipped anyway).
        if (!_helperNames.TryGet(type, name, out var helper))
        {
            helper = _helperNames.Add(type, name);
            var failure = DescribeObject(type, name, helper);
            if (failure is { } unsupported)
            {
                return unsupported;
            }
        }

        return Supported(new TypeSpec(SessionTypeKind.Object, name, isNullableReference, type.IsValueType, null, helper, null, _userTypes.CanCreateEmpty(type)));
    }

    /// <summary>Adds the <see cref="ObjectSpec"/> of a user type, or returns why one of its members cannot be stored.</summary>
    private TypeClassification? DescribeObject(INamedTypeSymbol type, string name, string helper)
    {
        var candidates = _userTypes.ReadableProperties(type);
        var constructor = _userTypes.ChooseConstructor(type, candidates);
        if (constructor is null)
        {
            return Unsupported(StorageReason.NoMatchingConstructor, type);
        }

        var members = new List<ObjectMemberSpec>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var useSetters = constructor.Parameters.Length == 0;
        foreach (var property in candidates)
        {
            var index = -1;
            for (var i = 0; i < constructor.Parameters.Length; i++)
            {
                if (string.Equals(constructor.Parameters[i].Name, property.Name, StringComparison.OrdinalIgnoreCase))
                {
                    index = i;
                }
            }

            var setter = property.SetMethod;
            var settable = setter is not null && _userTypes.IsAccessible(setter);
            var populate = false;
            if (index < 0 && !settable)
            {
                if (!UserTypeShape.IsFilledInPlace(property.Type))
                {
                    continue; // computed: not stored
                }

                populate = true;
            }
            else if (index >= 0 || setter!.IsInitOnly)
            {
                useSetters = false;
            }

            var memberType = Classify(property.Type);
            if (memberType.Spec is not { } memberSpec)
            {
                return memberType.Problem is { } inner
                    ? Unsupported(new StorageProblem(StorageReason.MemberCannotBeStored, type.Name, property.Name, inner))
                    : memberType;
            }

            var key = SessionKeys.WireKey(property, out _);
            if (key is null || !SessionKeys.IsWellFormed(key))
            {
                return Unsupported(StorageReason.MalformedMemberKey, type, property.Name);
            }

            if (!keys.Add(key))
            {
                return Unsupported(StorageReason.DuplicateMemberKey, type, key);
            }

            members.Add(new ObjectMemberSpec(SymbolText.Identifier(property.Name), property.Name, key, memberSpec, index, populate));
        }

        // `required` members must be set in the object initializer (unless the constructor says it sets them).
        if (!constructor.GetAttributes().Any(a => AttributeLookup.Is(a, TypeNames.SetsRequiredMembersAttribute)))
        {
            foreach (var required in UserTypeShape.RequiredMembers(type))
            {
                if (!members.Any(m => m.LocalSuffix == required.Name && m.ConstructorIndex < 0))
                {
                    return Unsupported(StorageReason.RequiredMemberNotSettable, type, required.Name);
                }

                useSetters = false;
            }
        }

        _objects.Add(new ObjectSpec(helper, name, type.ToDisplayString(SymbolText.Display), useSetters, new EquatableArray<ObjectMemberSpec>(members)));
        return null;
    }

    private static TypeClassification Supported(TypeSpec spec) => TypeClassification.Supported(spec);

    private static TypeClassification Unsupported(StorageProblem problem) => TypeClassification.Unsupported(problem);

    private static TypeClassification Unsupported(StorageReason reason, ITypeSymbol? type = null, string? member = null)
        => TypeClassification.Unsupported(new StorageProblem(reason, type?.ToDisplayString(SymbolText.Display), member));

    /// <summary>A type built around an inner one (a nullable, an array, a collection): supported when the inner one is.</summary>
    private static TypeClassification Wrap(TypeClassification inner, Func<TypeSpec, TypeSpec> wrap)
        => inner.Spec is { } spec ? Supported(wrap(spec)) : inner;
}
