using System;

namespace ScSession.Generators.Emitting;

/// <summary>
/// How one scalar kind (a number, a string, a date…) is written with a key, written as a bare value and read: the table
/// every writer and reader of the emitter takes its calls from, one row per <see cref="SessionTypeKind"/>.
/// </summary>
internal sealed class ScalarFormat
{
    private const string Support = TypeNames.GeneratedSerializerSupport;
    private const string Invariant = TypeNames.InvariantCulture;

    private readonly string? _writerMethod;
    private readonly string _written;
    private readonly string? _supportName;

    private ScalarFormat(string? writerMethod, string written, string read, string? supportName = null)
    {
        _writerMethod = writerMethod;
        _written = written;
        _supportName = supportName;
        Read = read;
    }

    /// <summary>The expression that reads the value under <c>reader</c>.</summary>
    public string Read { get; }

    /// <summary>Whether <c>Utf8JsonWriter</c> writes key and value in one call (false for the support-written floats).</summary>
    public bool HasKeyedWrite => _writerMethod is not null;

    /// <summary>The scalar row for <paramref name="kind"/>, or null for enums, objects, collections and nullables.</summary>
    public static ScalarFormat? For(SessionTypeKind kind) => kind switch
    {
        SessionTypeKind.Boolean => new("Boolean", "{0}", "reader.GetBoolean()"),

        // Utf8JsonWriter has no overloads for the small integers: they widen to int.
        SessionTypeKind.SByte => new("Number", "(int){0}", "reader.GetSByte()"),
        SessionTypeKind.Byte => new("Number", "(int){0}", "reader.GetByte()"),
        SessionTypeKind.Int16 => new("Number", "(int){0}", "reader.GetInt16()"),
        SessionTypeKind.UInt16 => new("Number", "(int){0}", "reader.GetUInt16()"),
        SessionTypeKind.Int32 => new("Number", "{0}", "reader.GetInt32()"),
        SessionTypeKind.UInt32 => new("Number", "{0}", "reader.GetUInt32()"),
        SessionTypeKind.Int64 => new("Number", "{0}", "reader.GetInt64()"),
        SessionTypeKind.UInt64 => new("Number", "{0}", "reader.GetUInt64()"),
        SessionTypeKind.IntPtr => new("Number", "(long){0}", "checked((nint)reader.GetInt64())"),
        SessionTypeKind.UIntPtr => new("Number", "(ulong){0}", "checked((nuint)reader.GetUInt64())"),
        SessionTypeKind.Decimal => new("Number", "{0}", "reader.GetDecimal()"),

        // NaN and infinities are not JSON numbers: the support class stores them as strings.
        SessionTypeKind.Single => new(null, "{0}", Support + ".ReadSingle(ref reader)", "Single"),
        SessionTypeKind.Double => new(null, "{0}", Support + ".ReadDouble(ref reader)", "Double"),

        SessionTypeKind.Char => new("String", "{0}.ToString()", Support + ".ReadChar(ref reader)"),
        SessionTypeKind.String => new("String", "{0}", "reader.GetString()"),
        SessionTypeKind.Guid => new("String", "{0}", "reader.GetGuid()"),
        SessionTypeKind.DateTime => new("String", "{0}", "reader.GetDateTime()"),
        SessionTypeKind.DateTimeOffset => new("String", "{0}", "reader.GetDateTimeOffset()"),
        SessionTypeKind.DateOnly => new("String", "{0}.ToString(\"O\", " + Invariant + ")", ParseExact("DateOnly", "O")),
        SessionTypeKind.TimeOnly => new("String", "{0}.ToString(\"O\", " + Invariant + ")", ParseExact("TimeOnly", "O")),
        SessionTypeKind.TimeSpan => new("String", "{0}.ToString(\"c\", " + Invariant + ")", ParseExact("TimeSpan", "c")),
        _ => null,
    };

    /// <summary>The scalar row for <paramref name="kind"/>, which must be a scalar (an enum's underlying type).</summary>
    public static ScalarFormat Of(SessionTypeKind kind) => For(kind) ?? throw new InvalidOperationException("Not a scalar: " + kind + ".");

    /// <summary><c>writer.WriteNumber(key, value);</c> and the like; only when <see cref="HasKeyedWrite"/>.</summary>
    public string WriteProperty(string key, string value)
        => "writer.Write" + _writerMethod + "(" + key + ", " + Written(value) + ");";

    /// <summary><c>writer.WriteNumberValue(value);</c> and the like.</summary>
    public string WriteValue(string value) => _writerMethod is null
        ? Support + ".Write" + _supportName + "(writer, " + value + ");"
        : "writer.Write" + _writerMethod + "Value(" + Written(value) + ");";

    private string Written(string value) => _written.Replace("{0}", value);

    private static string ParseExact(string type, string format)
        => "global::System." + type + ".ParseExact(" + Support + ".ReadString(ref reader), \"" + format + "\", " + Invariant + ")";
}
