using System.Collections.Generic;
using System.Linq;

namespace ScSession.Generators.Emitting;

/// <summary>
/// Writes the file of one supported model: its properties over private fields, the <c>ISessionModel</c> members
/// (section name, create, write, read), <c>BindAsync</c>, the registration, and the converters of the enums and user
/// types it uses. A plain function of the <see cref="SessionModelSpec"/>.
/// </summary>
/// <remarks>
/// The converters are private static classes nested in the model (<c>__Scs_CartItem.Write/Read</c>), not one shared
/// internal class for the compilation. A type used by two models is therefore written twice, but each model's file
/// depends only on its own spec (a change to one model never regenerates another), private and nested user types stay
/// accessible, and two assemblies that see each other's internals never get colliding generated types.
/// <para>
/// Generated member names cannot clash with each other or with the user's: fields <c>__scs_{Property}</c>, encoded keys
/// <c>__scsKey_{Property}</c>, converters <c>__Scs_{Type}</c>, the registration <c>__ScsRegister</c>.
/// </para>
/// </remarks>
internal sealed class ModelEmitter
{
    private readonly SessionModelSpec _model;
    private readonly SourceWriter _writer = new();
    private readonly LocalNames _locals = new();

    private ModelEmitter(SessionModelSpec model) => _model = model;

    public static string Emit(SessionModelSpec model) => new ModelEmitter(model).EmitFile();

    private string EmitFile()
    {
        var w = _writer;
        var self = _model.FullyQualifiedName;
        var sessionModel = TypeNames.ISessionModel + "<" + self + ">";
        w.Lines(Templates.FileHeader);
        using (TypeHierarchy.Open(w, _model.Namespace, _model.ContainingTypes, "partial " + _model.Keyword + " " + _model.TypeName + " : " + sessionModel))
        {
            Fields();
            Properties();
            if (_model.EmitBindAsync)
            {
                w.Lines(Templates.BindAsync(self));
                w.Line();
            }

            w.Lines(Templates.SectionNameAndCreateNew(self, sessionModel, _model.SectionName));
            if (_model.Concurrency is { } policy)
            {
                w.Line();
                w.Lines(Templates.Concurrency(sessionModel, policy));
            }

            w.Line();
            WriteMethod(sessionModel);
            w.Line();
            ReadMethod(sessionModel);
            w.Line();
            w.Lines(Templates.Registration(self));
            foreach (var enumSpec in _model.Enums)
            {
                w.Line();
                EnumConverterEmitter.Write(w, enumSpec);
            }

            var structs = StructConverters();
            var objects = new ObjectConverterEmitter(w);
            foreach (var objectSpec in _model.Objects)
            {
                w.Line();
                objects.Write(objectSpec, structs.Contains(objectSpec.HelperName));
            }
        }

        return w.ToString();
    }

    private IEnumerable<ModelPropertySpec> Stored => _model.Properties.Where(p => p.JsonKey is not null);

    /// <summary>The encoded keys, then the backing fields: what a person would put at the top of the class.</summary>
    private void Fields()
    {
        foreach (var property in Stored)
        {
            _writer.Line(Templates.KeyField(Suffix(property), property.JsonKey!));
        }

        if (Stored.Any())
        {
            _writer.Line();
        }

        foreach (var property in _model.Properties)
        {
            _writer.Line("private " + property.Type.NullableName + " " + property.FieldName + ";");
        }

        if (_model.Properties.Count > 0)
        {
            _writer.Line();
        }
    }

    /// <summary>A property that fits on one line takes one line, as a person would write it; a longer one is split.</summary>
    private void Properties()
    {
        const int LineLength = 120;
        foreach (var property in _model.Properties)
        {
            var header = property.Modifiers + " partial " + property.Type.DeclaredName + " " + property.Name;
            var getter = "get => " + PropertyGetter.Of(property) + ";";
            var setter = property.SetterModifiers + property.SetterKeyword + " => " + property.FieldName + " = value;";
            var oneLine = header + " { " + getter + " " + setter + " }";
            _writer.Line(Templates.GeneratedCode);
            if (oneLine.Length <= LineLength)
            {
                _writer.Line(oneLine);
            }
            else
            {
                _writer.Open(header);
                _writer.Line(getter);
                _writer.Line(setter);
                _writer.Close();
            }

            _writer.Line();
        }
    }

    private void WriteMethod(string sessionModel)
    {
        _locals.Reset();
        _writer.Line(Templates.GeneratedCode);
        _writer.Open("static void " + sessionModel + ".Write(" + TypeNames.Utf8JsonWriter + " writer, " + _model.FullyQualifiedName + " value)");
        _writer.Line("writer.WriteStartObject();");
        var values = new ValueWriting(_writer, _locals);
        foreach (var property in Stored)
        {
            values.Property(Templates.KeyFieldPrefix + Suffix(property), property.Type, PropertyGetter.WriteSource(property));
        }

        _writer.Line("writer.WriteEndObject();");
        _writer.Close();
    }

    private void ReadMethod(string sessionModel)
    {
        _locals.Reset();
        var self = _model.FullyQualifiedName;
        _writer.Line(Templates.GeneratedCode);
        _writer.Open("static " + self + " " + sessionModel + ".Read(ref " + TypeNames.Utf8JsonReader + " reader, " + TypeNames.SessionReadContext + " context)");
        _writer.Line("var result = new " + self + "();");
        _writer.Open("if (reader.TokenType == " + TypeNames.JsonTokenType + ".Null)");
        _writer.Line("return result;");
        _writer.Close();
        _writer.Lines(Templates.ExpectObject(_model.DisplayName));

        // Into the fields, not through the setters: a JSON null leaves a collection to be created on first get.
        var fields = Stored.Select(p => new FieldTarget(p.JsonKey!, p.Type, "result." + p.FieldName, TargetAcceptsNull: true)).ToList();
        FieldLoop.Write(_writer, new ValueReading(_writer, _locals), _model.DisplayName, fields);
        _writer.Line("return result;");
        _writer.Close();
    }

    /// <summary>
    /// The converters of user structs: the spec of a user type does not say whether it is a struct, the types that use
    /// it do (every converter is used by at least one property or element).
    /// </summary>
    private HashSet<string> StructConverters()
    {
        var structs = new HashSet<string>(System.StringComparer.Ordinal);
        var types = new Stack<TypeSpec>(_model.Properties.Select(p => p.Type).Concat(_model.Objects.SelectMany(o => o.Members.Select(m => m.Type))));
        while (types.Count > 0)
        {
            var type = types.Pop();
            if (type.Kind == SessionTypeKind.Object && type.IsValueType)
            {
                structs.Add(type.HelperName!);
            }

            if (type.Element is { } element)
            {
                types.Push(element);
            }
        }

        return structs;
    }

    private static string Suffix(ModelPropertySpec property) => property.FieldName.Substring("__scs_".Length);
}
