using System;

namespace ScSession.Generators.Emitting;

/// <summary>
/// Opens and closes what a generated type is declared in: its namespace and the types it is nested in. Every file the
/// generator writes goes through here, so there is one place that knows how a partial declaration is re-opened.
/// </summary>
/// <remarks>
/// The namespace is file-scoped: generated code needs C# 13 (partial properties) anyway, and it saves every member one
/// level of indentation.
/// </remarks>
internal readonly struct TypeHierarchy : IDisposable
{
    private readonly SourceWriter _writer;
    private readonly int _depth;

    private TypeHierarchy(SourceWriter writer, int depth)
    {
        _writer = writer;
        _depth = depth;
    }

    /// <summary>
    /// Writes the namespace, opens each containing type and then <paramref name="declaration"/>; disposing the result
    /// closes them again.
    /// </summary>
    /// <param name="declaration">The generated type's own header, e.g. <c>partial class Cart : global::…</c>.</param>
    public static TypeHierarchy Open(SourceWriter writer, string @namespace, EquatableArray<ContainingTypeSpec> containingTypes, string declaration)
    {
        if (@namespace.Length > 0)
        {
            writer.Line("namespace " + @namespace + ";");
            writer.Line();
        }

        foreach (var outer in containingTypes)
        {
            writer.Open("partial " + outer.Keyword + " " + outer.Name);
        }

        writer.Open(declaration);
        return new TypeHierarchy(writer, containingTypes.Count + 1);
    }

    public void Dispose()
    {
        for (var i = 0; i < _depth; i++)
        {
            _writer.Close();
        }
    }
}
