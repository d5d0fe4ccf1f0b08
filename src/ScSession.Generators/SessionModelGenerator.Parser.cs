using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ScSession.Generators.Analyzers;

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

        private readonly List<ModelProblem> _problems = new();
        private bool _unsupported;
        private StorageProblem? _failure;
        private bool _failureIsErrorType;

        private Parser(Compilation compilation, INamedTypeSymbol model, CancellationToken cancellationToken)
        {
            _compilation = compilation;
            _model = model;
            _cancellationToken = cancellationToken;
        }

        /// <summary>
        /// The generator's entry point: the spec of a supported model; for a model it cannot support but whose
        /// partial properties it can still implement, a <see cref="PartialImplementationSpec"/> (so that the consumer
        /// sees the analyzer's error and not a cascade of CS9248); otherwise null. Never throws.
        /// </summary>
        public static ParsedModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            try
            {
                if (context.TargetSymbol is not INamedTypeSymbol model)
                {
                    return null;
                }

                var parser = new Parser(context.SemanticModel.Compilation, model, cancellationToken);
                var parsed = parser.ParseModel(context.Attributes);
                var diagnostics = new EquatableArray<DiagnosticInfo>(parser._problems
                    .Where(p => DiagnosticDescriptors.IsReportedByGenerator(p.Descriptor.Id))
                    .Select(DiagnosticInfo.From));
                return parsed is null
                    ? diagnostics.Count == 0 ? null : new ParsedModel(null, null, diagnostics)
                    : parsed with { Diagnostics = diagnostics };
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

        /// <summary>
        /// The analyzers' entry point: why the generator skips this model (errors) and what it generates but warns
        /// about (key warnings). Runs exactly the classification the generator runs, so the two always agree.
        /// </summary>
        public static IReadOnlyList<ModelProblem> Analyze(Compilation compilation, INamedTypeSymbol model, CancellationToken cancellationToken)
        {
            try
            {
                var parser = new Parser(compilation, model, cancellationToken);
                parser.ParseModel(model.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == TypeNames.SessionModelAttribute));
                return parser._problems.Where(p => !DiagnosticDescriptors.IsReportedByGenerator(p.Descriptor.Id)).ToList(); // the generator reports those
            }
            catch (OperationCanceledException)
            {
                throw;
            }
#pragma warning disable CA1031 // Mirrors the generator: a model it cannot understand gets no source and no report.
            catch (Exception)
#pragma warning restore CA1031
            {
                return Array.Empty<ModelProblem>();
            }
        }

        /// <summary>The section name of a model: <c>[SessionModel(Name = "...")]</c> or the class name.</summary>
        public static string SectionName(INamedTypeSymbol model, IEnumerable<AttributeData> attributes, out AttributeData? nameAttribute, out string? nameArgument)
        {
            var sectionName = model.Name;
            nameAttribute = null;
            nameArgument = null;
            foreach (var attribute in attributes)
            {
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == TypeNames.SessionModelNameProperty && argument.Value.Value is string name)
                    {
                        nameAttribute = attribute;
                        nameArgument = name;
                        if (name.Length > 0)
                        {
                            sectionName = name;
                        }
                    }
                }
            }

            return sectionName;
        }

        /// <summary>Records a problem that makes the generator skip the model (an error).</summary>
        private void Fail(DiagnosticDescriptor descriptor, Location location, params object?[] args)
        {
            _unsupported = true;
            _problems.Add(new ModelProblem(descriptor, location, args));
        }

        /// <summary>Records a problem the generator generates anyway (a warning).</summary>
        private void Warn(DiagnosticDescriptor descriptor, Location location, params object?[] args)
            => _problems.Add(new ModelProblem(descriptor, location, args));

        /// <summary>Remembers why a type cannot be serialized and returns null.</summary>
        private TypeSpec? Unsupported(StorageReason reason, ITypeSymbol? type = null, string? member = null, StorageProblem? inner = null)
        {
            _failure = new StorageProblem(reason, type?.ToDisplayString(s_display), member, inner);
            return null;
        }

        private ParsedModel? ParseModel(IEnumerable<AttributeData> attributes)
        {
            var model = _model;
            var modelName = model.ToDisplayString(s_display);
            var modelLocation = IdentifierLocation(model);

            var containers = new List<INamedTypeSymbol>();
            for (var outer = model.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                containers.Add(outer);
            }

            // SCSN0001: the model, else the innermost containing type that is not partial.
            var modelIsPartial = IsPartial(model);
            var containersArePartial = containers.All(IsPartial);
            if (!modelIsPartial)
            {
                Fail(DiagnosticDescriptors.ModelMustBePartial, IdentifierLocation(model, nonPartialOnly: true), DiagnosticDescriptors.PartialSubject(isModel: true, modelName), modelName);
            }
            else if (!containersArePartial)
            {
                var outer = containers.First(c => !IsPartial(c));
                Fail(DiagnosticDescriptors.ModelMustBePartial, IdentifierLocation(outer, nonPartialOnly: true),
                    DiagnosticDescriptors.PartialSubject(isModel: false, outer.ToDisplayString(s_display)), modelName);
            }

            // SCSN0002: what else keeps the generator from implementing ISessionModel<T> on the class.
            if (model.TypeKind != TypeKind.Class)
            {
                Fail(DiagnosticDescriptors.InvalidModelShape, modelLocation, modelName, DiagnosticDescriptors.Describe(ModelShapeReason.NotAClass));
            }

            if (model.TypeParameters.Length > 0)
            {
                Fail(DiagnosticDescriptors.InvalidModelShape, modelLocation, modelName, DiagnosticDescriptors.Describe(ModelShapeReason.Generic));
            }

            if (model.IsStatic)
            {
                Fail(DiagnosticDescriptors.InvalidModelShape, modelLocation, modelName, DiagnosticDescriptors.Describe(ModelShapeReason.Static));
            }

            if (model.IsAbstract && !model.IsStatic)
            {
                Fail(DiagnosticDescriptors.InvalidModelShape, modelLocation, modelName, DiagnosticDescriptors.Describe(ModelShapeReason.Abstract));
            }

            if (!model.IsStatic && !HasParameterlessConstructor(model))
            {
                Fail(DiagnosticDescriptors.InvalidModelShape, modelLocation, modelName, DiagnosticDescriptors.Describe(ModelShapeReason.NoParameterlessConstructor));
            }

            if (model.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                Fail(DiagnosticDescriptors.InvalidModelShape, modelLocation, modelName, DiagnosticDescriptors.Describe(ModelShapeReason.NotAccessible));
            }

            foreach (var outer in containers)
            {
                if (outer.IsGenericType)
                {
                    Fail(DiagnosticDescriptors.InvalidModelShape, modelLocation, modelName,
                        DiagnosticDescriptors.Describe(ModelShapeReason.NestedInGenericType, outer.ToDisplayString(s_display)));
                }
                else if (outer.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                {
                    Fail(DiagnosticDescriptors.InvalidModelShape, modelLocation, modelName,
                        DiagnosticDescriptors.Describe(ModelShapeReason.NestedInInaccessibleType, outer.ToDisplayString(s_display)));
                }
            }

            var containing = new List<ContainingTypeSpec>();
            var fallbackContaining = new List<ContainingTypeSpec>();
            foreach (var outer in containers)
            {
                containing.Insert(0, new ContainingTypeSpec(Keyword(outer), Identifier(outer.Name)));
                fallbackContaining.Insert(0, new ContainingTypeSpec(Keyword(outer), Identifier(outer.Name) + TypeParameterList(outer)));
            }

            var attributeList = attributes.ToList();
            var sectionName = SectionName(model, attributeList, out var nameAttribute, out var nameArgument);
            if (nameArgument is not null)
            {
                var problem = KeyProblem(nameArgument);
                if (problem is { } sectionProblem)
                {
                    Warn(DiagnosticDescriptors.InvalidKey, NamedArgumentLocation(nameAttribute!, TypeNames.SessionModelNameProperty) ?? modelLocation,
                        Printable(nameArgument), DiagnosticDescriptors.KeySubject(modelName, property: null), DiagnosticDescriptors.Describe(sectionProblem));
                }
            }

            var properties = new List<ModelPropertySpec>();
            var partials = new List<PartialPropertySpec>();
            var keys = new Dictionary<string, IPropertySymbol>(StringComparer.Ordinal);
            foreach (var member in model.GetMembers())
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (member is IPropertySymbol incomplete && AccessorProblemOf(incomplete) is { } accessorProblem)
                {
                    // SCSN0008, reported by the generator (the compiler's CS9248 would hide an analyzer's report); the
                    // property is still implemented as declared, so that the SCSN error is what the build shows.
                    Fail(DiagnosticDescriptors.PartialPropertyWithoutGetterAndSetter, IdentifierLocation(incomplete), incomplete.Name, modelName,
                        DiagnosticDescriptors.Describe(accessorProblem));
                    if (incomplete.Type.TypeKind is not (TypeKind.Error or TypeKind.Pointer or TypeKind.FunctionPointer))
                    {
                        partials.Add(new PartialPropertySpec(
                            ImplementationModifiers(incomplete),
                            incomplete.Type.ToDisplayString(s_fullyQualified),
                            Identifier(incomplete.Name),
                            "__scs_" + incomplete.Name,
                            incomplete.GetMethod is not null,
                            incomplete.SetMethod is null ? null : incomplete.SetMethod.IsInitOnly ? "init" : "set",
                            ""));
                    }

                    continue;
                }

                if (member is not IPropertySymbol property || !IsGeneratorProperty(property))
                {
                    continue;
                }

                var propertyName = property.Name;
                _failure = null;
                _failureIsErrorType = false;
                var type = Classify(property.Type);
                if (type is null)
                {
                    if (_failureIsErrorType)
                    {
                        _unsupported = true; // the compiler reports the missing type
                    }
                    else
                    {
                        Fail(DiagnosticDescriptors.UnsupportedPropertyType, TypeLocation(property), propertyName, modelName,
                            DiagnosticDescriptors.Describe(_failure ?? new StorageProblem(StorageReason.TypeNotSupported, property.Type.ToDisplayString(s_display))));
                    }
                }

                StorageReason? shape = property.IsRequired ? StorageReason.RequiredProperty
                    : property.IsOverride ? StorageReason.OverrideProperty
                    : property.IsAbstract ? StorageReason.AbstractProperty
                    : property.IsExtern ? StorageReason.ExternProperty
                    : property.ReturnsByRef || property.ReturnsByRefReadonly ? StorageReason.ReturnsByReference
                    : null;
                if (shape is { } shapeReason)
                {
                    Fail(DiagnosticDescriptors.UnsupportedPropertyType, IdentifierLocation(property), propertyName, modelName,
                        DiagnosticDescriptors.Describe(new StorageProblem(shapeReason)));
                }

                string? key = null;
                if (!HasAttribute(property, TypeNames.SessionIgnoreAttribute))
                {
                    key = WireKey(property, out var keyAttribute);
                    var keyLocation = keyAttribute is null ? IdentifierLocation(property) : ArgumentLocation(keyAttribute) ?? IdentifierLocation(property);
                    var problem = key is null ? KeyProblemKind.Missing : KeyProblem(key);
                    var subject = DiagnosticDescriptors.KeySubject(modelName, propertyName);
                    if (key is null || !IsWellFormed(key))
                    {
                        // Cannot be emitted as a "..."u8 literal: the generator skips the model.
                        Fail(DiagnosticDescriptors.InvalidKey, keyLocation, Printable(key ?? ""), subject,
                            DiagnosticDescriptors.Describe(problem ?? KeyProblemKind.NotWellFormed, skipped: true));
                    }
                    else
                    {
                        if (problem is { } keyProblem)
                        {
                            Warn(DiagnosticDescriptors.InvalidKey, keyLocation, Printable(key), subject, DiagnosticDescriptors.Describe(keyProblem));
                        }

                        if (keys.TryGetValue(key, out var first))
                        {
                            var suggestion = SuggestKey(propertyName, keys);
                            _unsupported = true;
                            _problems.Add(new ModelProblem(
                                DiagnosticDescriptors.DuplicateKey,
                                keyLocation,
                                new object?[] { modelName, first.Name, propertyName, key },
                                ImmutableDictionary<string, string?>.Empty.Add(ModelProblem.SuggestedKeyProperty, suggestion)));
                        }
                        else
                        {
                            keys.Add(key, property);
                        }
                    }
                }

                var setter = property.SetMethod!; // IsGeneratorProperty
                var setterModifiers = setter.DeclaredAccessibility == property.DeclaredAccessibility ? "" : AccessibilityText(setter.DeclaredAccessibility);
                if (type is not null)
                {
                    properties.Add(new ModelPropertySpec(
                        property.IsVirtual ? "public virtual" : "public",
                        Identifier(propertyName),
                        "__scs_" + propertyName,
                        key,
                        type,
                        "set",
                        setterModifiers));
                }

                if (property.Type.TypeKind is not (TypeKind.Error or TypeKind.Pointer or TypeKind.FunctionPointer)
                    && !property.ReturnsByRef && !property.ReturnsByRefReadonly && !property.IsAbstract && !property.IsExtern)
                {
                    partials.Add(new PartialPropertySpec(
                        ImplementationModifiers(property),
                        property.Type.ToDisplayString(s_fullyQualified),
                        Identifier(propertyName),
                        "__scs_" + propertyName,
                        HasGetter: true,
                        "set",
                        setterModifiers));
                }
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

            hint.Append(model.Name);
            if (model.TypeParameters.Length > 0)
            {
                hint.Append('_').Append(model.TypeParameters.Length.ToString(CultureInfo.InvariantCulture));
            }

            hint.Append(".g.cs");

            if (_unsupported)
            {
                // Only the analyzers' errors should show: implement the partial properties over plain fields (no
                // ISessionModel) when the declarations allow a second partial part at all.
                return modelIsPartial && containersArePartial && !model.IsStatic && model.TypeKind == TypeKind.Class && partials.Count > 0
                    ? new ParsedModel(null, new PartialImplementationSpec(
                        hint.ToString(),
                        ns,
                        new EquatableArray<ContainingTypeSpec>(fallbackContaining),
                        Keyword(model),
                        Identifier(model.Name) + TypeParameterList(model),
                        new EquatableArray<PartialPropertySpec>(partials)), default)
                    : null;
            }

            return new ParsedModel(new SessionModelSpec(
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
                new EquatableArray<ObjectSpec>(_objects)), null, default);
        }

        /// <summary>
        /// A property the generator implements: a public instance get/set partial definition without a hand-written
        /// implementation. (The analyzers see the compilation with the generated parts: those do not count.)
        /// </summary>
        internal static bool IsGeneratorProperty(IPropertySymbol property)
            => !property.IsStatic && !property.IsIndexer && property.IsPartialDefinition
               && (property.PartialImplementationPart is null || IsGenerated(property.PartialImplementationPart))
               && property.DeclaredAccessibility == Accessibility.Public
               && property.GetMethod is not null && property.SetMethod is { IsInitOnly: false };

        /// <summary>The modifiers an implementing declaration must repeat: <c>public</c>, <c>required</c>, <c>virtual</c>…</summary>
        private static string ImplementationModifiers(IPropertySymbol property)
            => "public" + (property.IsRequired ? " required" : "") + (property.IsVirtual ? " virtual" : "")
               + (property.IsSealed ? " sealed" : "") + (property.IsOverride ? " override" : "");

        /// <summary>
        /// SCSN0008: a public partial property the generator would have to implement that lacks a getter or a (non-init)
        /// setter; null when it has both, or is not the generator's to implement.
        /// </summary>
        internal static AccessorProblem? AccessorProblemOf(IPropertySymbol property)
        {
            if (property.IsStatic || property.IsIndexer || !property.IsPartialDefinition || property.DeclaredAccessibility != Accessibility.Public
                || (property.PartialImplementationPart is { } implementation && !IsGenerated(implementation)))
            {
                return null;
            }

            return property.GetMethod is null ? AccessorProblem.SetterOnly
                : property.SetMethod is null ? AccessorProblem.GetterOnly
                : property.SetMethod.IsInitOnly ? AccessorProblem.InitOnly
                : null;
        }

        /// <summary>Declared in a file this generator added (Roslyn names them <c>{assembly}/{generator type}/{hint}</c>).</summary>
        private static bool IsGenerated(ISymbol symbol)
            => symbol.Locations.Any(l => l.SourceTree is { } tree && tree.FilePath.IndexOf(GeneratedPathMarker, StringComparison.Ordinal) >= 0);

        private static readonly string GeneratedPathMarker = typeof(SessionModelGenerator).FullName!;

        /// <summary>
        /// Why a key deserves SCSN0005, or null when it is fine. The generator stores such keys anyway (except keys
        /// that are not well-formed UTF-16); the analyzer warns.
        /// </summary>
        internal static KeyProblemKind? KeyProblem(string key)
        {
            if (key.Length == 0)
            {
                return KeyProblemKind.Empty;
            }

            if (key.Any(char.IsWhiteSpace))
            {
                return KeyProblemKind.Whitespace;
            }

            if (key.Any(char.IsControl))
            {
                return KeyProblemKind.ControlCharacters;
            }

            if (key.Any(c => c > 127))
            {
                return KeyProblemKind.NonAscii;
            }

            if (key.Length > 64)
            {
                return KeyProblemKind.TooLong;
            }

            if (key.StartsWith("$", StringComparison.Ordinal))
            {
                return KeyProblemKind.ReservedDollar;
            }

            if (key.StartsWith("__", StringComparison.Ordinal))
            {
                return KeyProblemKind.ReservedUnderscores;
            }

            return null;
        }

        private static string SuggestKey(string propertyName, Dictionary<string, IPropertySymbol> taken)
        {
            var candidate = JsonCamelCase(propertyName);
            if (candidate.Length > 0 && !taken.ContainsKey(candidate))
            {
                return candidate;
            }

            for (var i = 2; ; i++)
            {
                var numbered = candidate + i.ToString(CultureInfo.InvariantCulture);
                if (!taken.ContainsKey(numbered))
                {
                    return numbered;
                }
            }
        }

        private static string Printable(string key)
        {
            var builder = new StringBuilder(key.Length);
            foreach (var c in key)
            {
                if (char.IsControl(c) || char.IsSurrogate(c))
                {
                    builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        private static string TypeParameterList(INamedTypeSymbol type)
            => type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(p => Identifier(p.Name))) + ">";

        private Location IdentifierLocation(ISymbol symbol, bool nonPartialOnly = false)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(_cancellationToken);
                switch (syntax)
                {
                    case TypeDeclarationSyntax type when !nonPartialOnly || !type.Modifiers.Any(SyntaxKind.PartialKeyword):
                        return type.Identifier.GetLocation();
                    case PropertyDeclarationSyntax property:
                        return property.Identifier.GetLocation();
                }
            }

            return symbol.Locations.FirstOrDefault() ?? Location.None;
        }

        private Location TypeLocation(IPropertySymbol property)
        {
            foreach (var reference in property.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(_cancellationToken) is PropertyDeclarationSyntax declaration)
                {
                    return declaration.Type.GetLocation();
                }
            }

            return IdentifierLocation(property);
        }

        private Location? ArgumentLocation(AttributeData attribute)
            => attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: > 0 } arguments }
                ? arguments[0].Expression.GetLocation()
                : null;

        private Location? NamedArgumentLocation(AttributeData attribute, string name)
            => attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList: { } list }
                ? list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.Expression.GetLocation()
                : null;

        /// <summary>Describes a type, or returns null when the serializer cannot handle it.</summary>
        private TypeSpec? Classify(ITypeSymbol type)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (type.TypeKind)
            {
                case TypeKind.Error:
                    _failureIsErrorType = true;
                    return null;
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
                    return Unsupported(StorageReason.Object);
            }

            if (type is IArrayTypeSymbol array)
            {
                if (!array.IsSZArray)
                {
                    return Unsupported(StorageReason.MultiDimensionalArray);
                }

                var element = Classify(array.ElementType);
                return element is null ? null : new TypeSpec(SessionTypeKind.Array, name, isNullableReference, false, element, null, null, false);
            }

            if (type is not INamedTypeSymbol named || named.IsUnboundGenericType || type.IsRefLikeType)
            {
                return Unsupported(StorageReason.TypeNotSupported, type);
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
                        return Unsupported(StorageReason.DictionaryKeyNotString, named);
                    }

                    kind = SessionTypeKind.Dictionary;
                    construct = TypeNames.Dictionary;
                    break;
                default:
                    return Unsupported(StorageReason.CollectionNotSupported, named);
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
                Unsupported(StorageReason.NotAccessible, type);
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
            if (IsFrameworkType(type))
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

            if (!_compilation.IsSymbolAccessibleWithin(type, _model))
            {
                return Unsupported(StorageReason.NotAccessible, type);
            }

            if (type.TypeArguments.Any(a => a.TypeKind == TypeKind.TypeParameter))
            {
                return Unsupported(StorageReason.OpenTypeParameters, type);
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
                if (memberType is null)
                {
                    if (!_failureIsErrorType)
                    {
                        _failure = new StorageProblem(StorageReason.MemberCannotBeStored, type.Name, property.Name, _failure);
                    }

                    return null;
                }

                var key = WireKey(property, out _);
                if (key is null || !IsWellFormed(key))
                {
                    return Unsupported(StorageReason.MalformedMemberKey, type, property.Name);
                }

                if (!keys.Add(key))
                {
                    return Unsupported(StorageReason.DuplicateMemberKey, type, key);
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
                        return Unsupported(StorageReason.RequiredMemberNotSettable, type, required.Name);
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

        /// <summary>The key a property is stored under: its <c>[SessionKey]</c> (null when that is null) or its camelCase name.</summary>
        internal static string? WireKey(IPropertySymbol property, out AttributeData? keyAttribute)
        {
            var key = JsonCamelCase(property.Name);
            keyAttribute = null;
            foreach (var attribute in property.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == TypeNames.SessionKeyAttribute
                    && attribute.ConstructorArguments.Length == 1)
                {
                    key = attribute.ConstructorArguments[0].Value as string;
                    keyAttribute = attribute;
                }
            }

            return key;
        }

        /// <summary>Well-formed UTF-16: the key can be emitted as a <c>"..."u8</c> literal.</summary>
        private static bool IsWellFormed(string key)
        {
            for (var i = 0; i < key.Length; i++)
            {
                if (char.IsHighSurrogate(key[i]) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(key[i]))
                {
                    return false;
                }
            }

            return true;
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
