using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ScSession.Generators;

public sealed partial class SessionModelGenerator
{
    /// <summary>
    /// Turns a [SessionModel] symbol into a <see cref="SessionModelSpec"/>, or null when the model (or any type
    /// it uses) is something the generator cannot serialize. Unsupported input is reported by the analyzers,
    /// never here: the parser only decides "generate" or "generate nothing".
    /// </summary>
    internal sealed class Parser
    {
        private static readonly SymbolDisplayFormat s_fullyQualified =
            SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(
                SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat s_display =
            SymbolDisplayFormat.MinimallyQualifiedFormat.WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        private readonly Compilation _compilation;
        private readonly INamedTypeSymbol _model;
        private readonly CancellationToken _cancellationToken;
        // Keyed with nullability: Pair<int, string?> and Pair<int, string> get separate helpers with exact signatures.
        private readonly Dictionary<ITypeSymbol, string> _helperNames = new(SymbolEqualityComparer.IncludeNullability);
        private readonly HashSet<string> _usedHelperNames = new(StringComparer.Ordinal);
        private readonly List<EnumSpec> _enums = new();
        private readonly List<ObjectSpec> _objects = new();

        private Parser(Compilation compilation, INamedTypeSymbol model, CancellationToken cancellationToken)
        {
            _compilation = compilation;
            _model = model;
            _cancellationToken = cancellationToken;
        }

        public static SessionModelSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            try
            {
                if (context.TargetSymbol is not INamedTypeSymbol model)
                {
                    return null;
                }

                return new Parser(context.SemanticModel.Compilation, model, cancellationToken).ParseModel(context.Attributes);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
#pragma warning disable CA1031 // The generator must never throw: a model it cannot understand gets no source.
            catch (Exception)
#pragma warning restore CA1031
            {
                return null;
            }
        }

        private SessionModelSpec? ParseModel(IEnumerable<AttributeData> attributes)
        {
            var model = _model;
            if (model.TypeKind != TypeKind.Class || model.IsStatic || model.IsAbstract || model.IsGenericType
                || !IsPartial(model) || !HasParameterlessConstructor(model)
                || model.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return null;
            }

            var containing = new List<ContainingTypeSpec>();
            for (var outer = model.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (outer.IsGenericType || !IsPartial(outer)
                    || outer.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                {
                    // The module initializer must be reachable from outside the top-level type.
                    return null;
                }

                containing.Insert(0, new ContainingTypeSpec(Keyword(outer), Identifier(outer.Name)));
            }

            var sectionName = model.Name;
            foreach (var attribute in attributes)
            {
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == TypeNames.SessionModelNameProperty && argument.Value.Value is string name && name.Length > 0)
                    {
                        sectionName = name;
                    }
                }
            }

            var properties = new List<ModelPropertySpec>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in model.GetMembers())
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (member is not IPropertySymbol property || property.IsStatic || property.IsIndexer
                    || !property.IsPartialDefinition || property.PartialImplementationPart is not null
                    || property.DeclaredAccessibility != Accessibility.Public
                    || property.GetMethod is null || property.SetMethod is null)
                {
                    continue;
                }

                var type = Classify(property.Type);
                if (type is null || property.IsRequired || property.IsOverride || property.IsAbstract || property.IsExtern
                    || property.ReturnsByRef || property.ReturnsByRefReadonly)
                {
                    return null;
                }

                string? key = null;
                if (!HasAttribute(property, TypeNames.SessionIgnoreAttribute))
                {
                    key = WireKey(property);
                    if (key is null || !keys.Add(key))
                    {
                        return null;
                    }
                }

                var setter = property.SetMethod;
                properties.Add(new ModelPropertySpec(
                    property.IsVirtual ? "public virtual" : "public",
                    Identifier(property.Name),
                    "__scs_" + property.Name,
                    key,
                    type,
                    setter.IsInitOnly ? "init" : "set",
                    setter.DeclaredAccessibility == property.DeclaredAccessibility ? "" : AccessibilityText(setter.DeclaredAccessibility)));
            }

            var ns = model.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
            var hint = new StringBuilder();
            if (ns.Length > 0)
            {
                hint.Append(ns).Append('.');
            }

            foreach (var outer in containing)
            {
                hint.Append(outer.Name.TrimStart('@')).Append('.');
            }

            hint.Append(model.Name).Append(".g.cs");

            return new SessionModelSpec(
                hint.ToString(),
                ns,
                new EquatableArray<ContainingTypeSpec>(containing),
                Keyword(model),
                Identifier(model.Name),
                model.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                model.Name,
                sectionName,
                _compilation.GetTypeByMetadataName(TypeNames.HttpContextMetadataName) is not null,
                new EquatableArray<ModelPropertySpec>(properties),
                new EquatableArray<EnumSpec>(_enums),
                new EquatableArray<ObjectSpec>(_objects));
        }

        /// <summary>Describes a type, or returns null when the serializer cannot handle it.</summary>
        private TypeSpec? Classify(ITypeSymbol type)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (type.TypeKind is TypeKind.Error or TypeKind.Dynamic or TypeKind.Pointer or TypeKind.FunctionPointer
                or TypeKind.Delegate or TypeKind.TypeParameter)
            {
                return null;
            }

            var isNullableReference = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
            var name = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_fullyQualified);
            TypeSpec Simple(SessionTypeKind kind) => new(kind, name, isNullableReference, type.IsValueType, null, null, null, false);

            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean: return Simple(SessionTypeKind.Boolean);
                case SpecialType.System_SByte: return Simple(SessionTypeKind.SByte);
                case SpecialType.System_Byte: return Simple(SessionTypeKind.Byte);
                case SpecialType.System_Int16: return Simple(SessionTypeKind.Int16);
                case SpecialType.System_UInt16: return Simple(SessionTypeKind.UInt16);
                case SpecialType.System_Int32: return Simple(SessionTypeKind.Int32);
                case SpecialType.System_UInt32: return Simple(SessionTypeKind.UInt32);
                case SpecialType.System_Int64: return Simple(SessionTypeKind.Int64);
                case SpecialType.System_UInt64: return Simple(SessionTypeKind.UInt64);
                case SpecialType.System_IntPtr: return Simple(SessionTypeKind.IntPtr);
                case SpecialType.System_UIntPtr: return Simple(SessionTypeKind.UIntPtr);
                case SpecialType.System_Single: return Simple(SessionTypeKind.Single);
                case SpecialType.System_Double: return Simple(SessionTypeKind.Double);
                case SpecialType.System_Decimal: return Simple(SessionTypeKind.Decimal);
                case SpecialType.System_Char: return Simple(SessionTypeKind.Char);
                case SpecialType.System_String: return Simple(SessionTypeKind.String);
                case SpecialType.System_DateTime: return Simple(SessionTypeKind.DateTime);
                case SpecialType.System_Object:
                    return null;
            }

            if (type is IArrayTypeSymbol array)
            {
                if (!array.IsSZArray)
                {
                    return null;
                }

                var element = Classify(array.ElementType);
                return element is null ? null : new TypeSpec(SessionTypeKind.Array, name, isNullableReference, false, element, null, null, false);
            }

            if (type is not INamedTypeSymbol named || named.IsUnboundGenericType || type.IsRefLikeType)
            {
                return null;
            }

            var ns = named.ContainingNamespace?.ToDisplayString() ?? "";
            var original = named.OriginalDefinition;
            if (original.SpecialType == SpecialType.System_Nullable_T)
            {
                var underlying = Classify(named.TypeArguments[0]);
                return underlying is null ? null : new TypeSpec(SessionTypeKind.Nullable, name, false, true, underlying, null, null, false);
            }

            if (ns == "System")
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

            if (ns == "System.Collections.Generic")
            {
                return ClassifyCollection(named, name, isNullableReference);
            }

            if (named.TypeKind == TypeKind.Enum)
            {
                var helper = EnsureEnum(named);
                return helper is null ? null : new TypeSpec(SessionTypeKind.Enum, name, false, true, null, helper, null, false);
            }

            // The helper is keyed by the type without its own top-level '?': Address and Address? share one.
            return ClassifyObject((INamedTypeSymbol)named.WithNullableAnnotation(NullableAnnotation.NotAnnotated), name, isNullableReference);
        }

        private TypeSpec? ClassifyCollection(INamedTypeSymbol named, string name, bool isNullableReference)
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
                        return null;
                    }

                    kind = SessionTypeKind.Dictionary;
                    construct = TypeNames.Dictionary;
                    break;
                default:
                    return null;
            }

            var elementSymbol = named.TypeArguments[named.TypeArguments.Length - 1];
            var element = Classify(elementSymbol);
            if (element is null)
            {
                return null;
            }

            var arguments = kind == SessionTypeKind.Dictionary ? "string, " + element.DeclaredName : element.DeclaredName;
            return new TypeSpec(kind, name, isNullableReference, false, element, null, construct + "<" + arguments + ">", false);
        }

        private string? EnsureEnum(INamedTypeSymbol type)
        {
            if (!_compilation.IsSymbolAccessibleWithin(type, _model))
            {
                return null;
            }

            if (_helperNames.TryGetValue(type, out var existing))
            {
                return existing;
            }

            var helper = NewHelperName(type);
            _helperNames.Add(type, helper);

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
                if (!field.HasConstantValue || field.ConstantValue is null)
                {
                    continue;
                }

                members.Add(new EnumMemberSpec(Identifier(field.Name), field.Name, seen.Add(field.ConstantValue)));
            }

            _enums.Add(new EnumSpec(
                helper,
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                type.ToDisplayString(s_display),
                underlying,
                new EquatableArray<EnumMemberSpec>(members)));
            return helper;
        }

        private TypeSpec? ClassifyObject(INamedTypeSymbol type, string name, bool isNullableReference)
        {
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsAbstract || type.IsStatic
                || !_compilation.IsSymbolAccessibleWithin(type, _model)
                || type.TypeArguments.Any(a => a.TypeKind == TypeKind.TypeParameter)
                || IsFrameworkType(type))
            {
                return null;
            }

            if (_helperNames.TryGetValue(type, out var helper))
            {
                return new TypeSpec(SessionTypeKind.Object, name, isNullableReference, type.IsValueType, null, helper, null, CanCreateEmpty(type));
            }

            helper = NewHelperName(type);
            _helperNames.Add(type, helper); // before the members, so that recursive types terminate

            var candidates = CollectProperties(type);
            var constructor = ChooseConstructor(type, candidates);
            if (constructor is null)
            {
                return null;
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
                var settable = setter is not null && _compilation.IsSymbolAccessibleWithin(setter, _model);
                var populate = false;
                if (index < 0 && !settable)
                {
                    // A get-only List/HashSet/Dictionary (`{ get; } = new()`) is filled in place, like System.Text.Json's
                    // JsonObjectCreationHandling.Populate; any other get-only property is computed and not stored.
                    if (!IsConcreteMutableCollection(property.Type))
                    {
                        continue;
                    }

                    populate = true;
                }
                else if (index >= 0 || setter!.IsInitOnly)
                {
                    useSetters = false;
                }

                var memberType = Classify(property.Type);
                var key = WireKey(property);
                if (memberType is null || key is null || !keys.Add(key))
                {
                    return null;
                }

                members.Add(new ObjectMemberSpec(Identifier(property.Name), property.Name, key, memberType, index, populate));
            }

            // `required` members must be set in the object initializer (unless the constructor says it sets them).
            if (!constructor.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == TypeNames.SetsRequiredMembersAttribute))
            {
                foreach (var required in AllMembers(type).Where(m => m is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true }))
                {
                    if (!members.Any(m => m.LocalSuffix == required.Name && m.ConstructorIndex < 0))
                    {
                        return null;
                    }

                    useSetters = false;
                }
            }

            _objects.Add(new ObjectSpec(
                helper,
                name,
                type.ToDisplayString(s_display),
                useSetters,
                new EquatableArray<ObjectMemberSpec>(members)));
            return new TypeSpec(SessionTypeKind.Object, name, isNullableReference, type.IsValueType, null, helper, null, CanCreateEmpty(type));
        }

        private static IEnumerable<ISymbol> AllMembers(INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    yield return member;
                }
            }
        }

        /// <summary>Public readable instance properties, base types included, not [SessionIgnore].</summary>
        private List<IPropertySymbol> CollectProperties(INamedTypeSymbol type)
        {
            var result = new List<IPropertySymbol>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object
                 && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
            {
                var declared = new List<IPropertySymbol>();
                foreach (var member in current.GetMembers())
                {
                    if (member is IPropertySymbol property && !property.IsStatic && !property.IsIndexer
                        && property.DeclaredAccessibility == Accessibility.Public
                        && property.GetMethod is not null && _compilation.IsSymbolAccessibleWithin(property.GetMethod, _model)
                        && !HasAttribute(property, TypeNames.SessionIgnoreAttribute)
                        && names.Add(property.Name))
                    {
                        declared.Add(property);
                    }
                }

                result.InsertRange(0, declared); // base properties first, as System.Text.Json orders them
            }

            return result;
        }

        /// <summary>
        /// The constructor to create the type with: the accessible one with the most parameters whose parameters all
        /// match a readable property by name (case-insensitive) and type; a parameterless one matches trivially.
        /// </summary>
        private IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<IPropertySymbol> properties)
        {
            IMethodSymbol? best = null;
            foreach (var constructor in type.InstanceConstructors)
            {
                if (!_compilation.IsSymbolAccessibleWithin(constructor, _model)
                    || (best is not null && constructor.Parameters.Length <= best.Parameters.Length))
                {
                    continue;
                }

                var matches = constructor.Parameters.All(parameter =>
                    parameter.RefKind is RefKind.None or RefKind.In
                    && properties.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)
                                           && SymbolEqualityComparer.Default.Equals(p.Type, parameter.Type)));
                if (matches)
                {
                    best = constructor;
                }
            }

            return best;
        }

        private static bool IsConcreteMutableCollection(ITypeSymbol type)
            => type is INamedTypeSymbol { ContainingNamespace: { } ns } named
               && ns.ToDisplayString() == "System.Collections.Generic"
               && named.MetadataName is "List`1" or "HashSet`1" or "Dictionary`2";

        private bool CanCreateEmpty(INamedTypeSymbol type)
            => type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && _compilation.IsSymbolAccessibleWithin(c, _model));

        private static bool IsFrameworkType(INamedTypeSymbol type)
        {
            var root = type.ContainingNamespace;
            while (root is { ContainingNamespace.IsGlobalNamespace: false })
            {
                root = root.ContainingNamespace;
            }

            // Framework types (Stream, HttpContext, Uri, Task…) are not user data: only the listed ones are supported.
            return root is { IsGlobalNamespace: false, Name: "System" or "Microsoft" };
        }

        private string NewHelperName(INamedTypeSymbol type)
        {
            var baseName = "__Scs_" + type.Name;
            var name = baseName;
            for (var i = 2; !_usedHelperNames.Add(name); i++)
            {
                name = baseName + "_" + i.ToString(CultureInfo.InvariantCulture);
            }

            return name;
        }

        private static string? WireKey(IPropertySymbol property)
        {
            var key = JsonCamelCase(property.Name);
            foreach (var attribute in property.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == TypeNames.SessionKeyAttribute
                    && attribute.ConstructorArguments.Length == 1)
                {
                    key = attribute.ConstructorArguments[0].Value as string;
                }
            }

            // A key must be non-empty well-formed UTF-16, since it is emitted as a "..."u8 literal.
            if (string.IsNullOrEmpty(key))
            {
                return null;
            }

            for (var i = 0; i < key!.Length; i++)
            {
                if (char.IsHighSurrogate(key[i]) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(key[i]))
                {
                    return null;
                }
            }

            return key;
        }

        /// <summary>System.Text.Json's <c>JsonNamingPolicy.CamelCase</c>: <c>URLValue</c> → <c>urlValue</c>, <c>ID</c> → <c>id</c>.</summary>
        internal static string JsonCamelCase(string name)
        {
            if (name.Length == 0 || !char.IsUpper(name[0]))
            {
                return name;
            }

            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (i == 1 && !char.IsUpper(chars[i]))
                {
                    break;
                }

                var hasNext = i + 1 < chars.Length;
                if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
                {
                    if (chars[i + 1] == ' ')
                    {
                        chars[i] = char.ToLowerInvariant(chars[i]);
                    }

                    break;
                }

                chars[i] = char.ToLowerInvariant(chars[i]);
            }

            return new string(chars);
        }

        private static bool HasAttribute(ISymbol symbol, string metadataName)
            => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == metadataName);

        private bool IsPartial(INamedTypeSymbol type)
            => type.DeclaringSyntaxReferences.Length > 0
               && type.DeclaringSyntaxReferences.All(r => r.GetSyntax(_cancellationToken) is TypeDeclarationSyntax t
                                                        && t.Modifiers.Any(SyntaxKind.PartialKeyword));

        private static bool HasParameterlessConstructor(INamedTypeSymbol type)
            => type.InstanceConstructors.Any(c => c.Parameters.Length == 0);

        private static string Keyword(INamedTypeSymbol type) => type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };

        private static string AccessibilityText(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Private => "private ",
            Accessibility.Protected => "protected ",
            Accessibility.Internal => "internal ",
            Accessibility.ProtectedOrInternal => "protected internal ",
            Accessibility.ProtectedAndInternal => "private protected ",
            _ => "",
        };

        internal static string Identifier(string name)
            => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
