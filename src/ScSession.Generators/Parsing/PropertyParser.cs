using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using ScSession.Generators.Analyzers;

namespace ScSession.Generators.Parsing;

/// <summary>
/// The properties of one model: each partial property the generator implements becomes a stored property (when its
/// type can be stored) and an implementation part (whenever one can be declared, so that a skipped model still
/// compiles down to the SCSN error); every problem goes to the model's <see cref="ModelProblemCollector"/>.
/// </summary>
internal sealed class PropertyParser
{
    private readonly string _modelName;
    private readonly TypeClassifier _types;
    private readonly ModelProblemCollector _problems;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, string> _propertyByKey = new(StringComparer.Ordinal);
    private readonly List<ModelPropertySpec> _stored = new();
    private readonly List<Implementation> _implemented = new();

    public PropertyParser(string modelName, TypeClassifier types, ModelProblemCollector problems, CancellationToken cancellationToken)
    {
        _modelName = modelName;
        _types = types;
        _problems = problems;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The properties stored in the session, in declaration order.</summary>
    public IReadOnlyList<ModelPropertySpec> Stored => _stored;

    /// <summary>At least one partial property can be implemented (by the fallback, when the model is skipped).</summary>
    public bool CanImplementAny => _implemented.Count > 0;

    /// <summary>
    /// The partial properties the generator can implement, stored or not, for the fallback of a skipped model. Written
    /// only when asked: a supported model, the usual case, never needs them.
    /// </summary>
    public IEnumerable<PartialPropertySpec> ImplementedProperties()
    {
        foreach (var (property, hasGetter, setterKeyword, setterModifiers) in _implemented)
        {
            yield return new PartialPropertySpec(
                ModelProperties.ImplementationModifiers(property),
                property.Type.ToDisplayString(SymbolText.FullyQualified),
                SymbolText.Identifier(property.Name),
                "__scs_" + property.Name,
                hasGetter,
                setterKeyword,
                setterModifiers);
        }
    }

    /// <summary>Parses one member of the model; members that are not the generator's are left alone.</summary>
    public void Add(ISymbol member)
    {
        if (member is not IPropertySymbol property)
        {
            return;
        }

        if (ModelProperties.AccessorProblemOf(property) is { } accessorProblem)
        {
            AddIncomplete(property, accessorProblem);
        }
        else if (ModelProperties.IsImplementedByGenerator(property))
        {
            AddStored(property);
        }
    }

    /// <summary>
    /// SCSN0008, reported by the generator (the compiler's CS9248 would hide an analyzer's report); the property is
    /// still implemented as declared, so that the SCSN error is what the build shows.
    /// </summary>
    private void AddIncomplete(IPropertySymbol property, AccessorProblem problem)
    {
        _problems.Skip(DiagnosticDescriptors.PartialPropertyWithoutGetterAndSetter, SourceLocations.Identifier(property, _cancellationToken),
            property.Name, _modelName, DiagnosticDescriptors.Describe(problem));
        if (ModelProperties.HasDeclarableType(property))
        {
            _implemented.Add(new Implementation(property, property.GetMethod is not null, property.SetMethod is null ? null : property.SetMethod.IsInitOnly ? "init" : "set", ""));
        }
    }

    private void AddStored(IPropertySymbol property)
    {
        var type = _types.Classify(property.Type);
        if (type.Problem is { } typeProblem)
        {
            _problems.Skip(DiagnosticDescriptors.UnsupportedPropertyType, SourceLocations.Type(property, _cancellationToken), property.Name, _modelName,
                DiagnosticDescriptors.Describe(typeProblem));
        }
        else if (type.IsUnresolved)
        {
            _problems.SkipReportedByCompiler();
        }

        if (ShapeProblemOf(property) is { } shapeReason)
        {
            _problems.Skip(DiagnosticDescriptors.UnsupportedPropertyType, SourceLocations.Identifier(property, _cancellationToken), property.Name, _modelName,
                DiagnosticDescriptors.Describe(new StorageProblem(shapeReason)));
        }

        var key = AttributeLookup.Has(property, TypeNames.SessionIgnoreAttribute) ? null : CheckedKey(property);
        var setter = property.SetMethod!; // IsImplementedByGenerator
        var setterModifiers = setter.DeclaredAccessibility == property.DeclaredAccessibility ? "" : SymbolText.Accessibility(setter.DeclaredAccessibility);
        if (type.Spec is { } spec)
        {
            _stored.Add(new ModelPropertySpec(
                property.IsVirtual ? "public virtual" : "public",
                SymbolText.Identifier(property.Name),
                "__scs_" + property.Name,
                key,
                spec,
                "set",
                setterModifiers));
        }

        if (ModelProperties.HasDeclarableType(property)
            && !property.ReturnsByRef && !property.ReturnsByRefReadonly && !property.IsAbstract && !property.IsExtern)
        {
            _implemented.Add(new Implementation(property, HasGetter: true, "set", setterModifiers));
        }
    }

    /// <summary>What keeps the generator from implementing a property whatever its type (SCSN0003).</summary>
    private static StorageReason? ShapeProblemOf(IPropertySymbol property)
        => property.IsRequired ? StorageReason.RequiredProperty
            : property.IsOverride ? StorageReason.OverrideProperty
            : property.IsAbstract ? StorageReason.AbstractProperty
            : property.IsExtern ? StorageReason.ExternProperty
            : property.ReturnsByRef || property.ReturnsByRefReadonly ? StorageReason.ReturnsByReference
            : null;

    /// <summary>The property's wire key, after SCSN0005 (a poor key) and SCSN0004 (a key another property has).</summary>
    private string? CheckedKey(IPropertySymbol property)
    {
        var key = SessionKeys.WireKey(property, out var keyAttribute);
        var keyLocation = (keyAttribute is null ? null : SourceLocations.FirstArgument(keyAttribute, _cancellationToken))
                          ?? SourceLocations.Identifier(property, _cancellationToken);
        var problem = key is null ? KeyProblemKind.Missing : SessionKeys.ProblemOf(key);
        var subject = DiagnosticDescriptors.KeySubject(_modelName, property.Name);
        if (key is null || !SessionKeys.IsWellFormed(key))
        {
            // Cannot be emitted as a "..."u8 literal: the generator skips the model.
            _problems.Skip(DiagnosticDescriptors.InvalidKey, keyLocation, SessionKeys.Printable(key ?? ""), subject,
                DiagnosticDescriptors.Describe(problem ?? KeyProblemKind.NotWellFormed, skipped: true));
            return key;
        }

        if (problem is { } keyProblem)
        {
            _problems.Warn(DiagnosticDescriptors.InvalidKey, keyLocation, SessionKeys.Printable(key), subject, DiagnosticDescriptors.Describe(keyProblem));
        }

        if (_propertyByKey.TryGetValue(key, out var first))
        {
            _problems.Skip(new ModelProblem(
                DiagnosticDescriptors.DuplicateKey,
                keyLocation,
                new object?[] { _modelName, first, property.Name, key },
                ImmutableDictionary<string, string?>.Empty.Add(ModelProblem.SuggestedKeyProperty, SessionKeys.Suggest(property.Name, _propertyByKey.Keys))));
        }
        else
        {
            _propertyByKey.Add(key, property.Name);
        }

        return key;
    }

    /// <summary>A partial property the fallback implements, with the accessors it declares.</summary>
    private readonly record struct Implementation(IPropertySymbol Property, bool HasGetter, string? SetterKeyword, string SetterModifiers);
}
