using Microsoft.CodeAnalysis;

namespace ScSession.Generators.Analyzers;

/// <summary>
/// Every diagnostic ScSession reports. The IDs and their meanings are a contract (docs/diagnostics/README.md):
/// never reuse or renumber an ID. <c>SCSN0001</c>–<c>0099</c>: model definition problems; <c>SCSN0100</c>+: unsafe usage.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    /// <summary>
    /// Where every diagnostic's page lives: <c>{HelpLinkBase}{ID}.md</c>. From the build property
    /// <c>ScSessionDocsBaseUrl</c> (Directory.Build.props), which the package metadata follows too.
    /// </summary>
    public const string HelpLinkBase = BuildProperties.DocsBaseUrl + "diagnostics/";

    private const string ModelCategory = "ScSession.Model";
    private const string SecurityCategory = "ScSession.Security";
    private const string UsageCategory = "ScSession.Usage";

    public static readonly DiagnosticDescriptor ModelMustBePartial = Create(
        "SCSN0001",
        "Session model must be partial",
        "{0} must be declared partial: add the 'partial' modifier so that the generator can implement session model '{1}'",
        ModelCategory,
        DiagnosticSeverity.Error,
        "The generator implements a [SessionModel] class in a second partial declaration, so the class and every type it is nested in must be partial. Without it no session code is generated.");

    public static readonly DiagnosticDescriptor InvalidModelShape = Create(
        "SCSN0002",
        "Session model cannot be generic, static or abstract",
        "Session model '{0}' {1}",
        ModelCategory,
        DiagnosticSeverity.Error,
        "A session model is created by the framework with its parameterless constructor and registered once per type, so it must be a non-generic, non-static, non-abstract class that code outside it can reach. No session code is generated for it.");

    public static readonly DiagnosticDescriptor UnsupportedPropertyType = Create(
        "SCSN0003",
        "Session model property cannot be stored",
        "Property '{0}' of session model '{1}' cannot be stored in the session: {2}. Use a supported type (primitives, string, enums, dates, collections, records and classes of those), or make it an ordinary non-partial property to keep it out of the session.",
        ModelCategory,
        DiagnosticSeverity.Error,
        "The generated serializer handles primitives, strings, enums, dates, Guid, arrays, List/HashSet/Dictionary<string, T> and user records/classes built from those. Delegates, pointers, object, dynamic, interfaces, framework services (Stream, HttpContext…) and open generics cannot be stored. No session code is generated for the model.");

    public static readonly DiagnosticDescriptor DuplicateKey = Create(
        "SCSN0004",
        "Duplicate session key in one model",
        "Properties '{1}' and '{2}' of session model '{0}' both use the session key '{3}': give one of them a different [SessionKey]",
        ModelCategory,
        DiagnosticSeverity.Error,
        "Each property of a session model is stored under its own key (its [SessionKey] or its camelCase name). Two properties with one key would overwrite each other, so no session code is generated for the model.");

    public static readonly DiagnosticDescriptor InvalidKey = Create(
        "SCSN0005",
        "Invalid session key",
        "Session key '{0}' of {1} {2}: use a short ASCII key of letters, digits, '-', '_' or '.'",
        ModelCategory,
        DiagnosticSeverity.Warning,
        "Keys end up in every session payload. Empty keys, whitespace, control and non-ASCII characters and keys longer than 64 characters are error-prone or wasteful, and keys starting with '$' or '__' are reserved for ScSession's own data.");

    public static readonly DiagnosticDescriptor DuplicateSectionName = Create(
        "SCSN0006",
        "Two session models use the same section name",
        "Session models '{0}' and '{1}' both use the section name '{2}': they would overwrite each other's data; give one of them a different [SessionModel(Name = ...)]",
        ModelCategory,
        DiagnosticSeverity.Warning,
        "Each session model is stored in its own section of the session, named by [SessionModel(Name)] or the class name. Two models with one section name read and overwrite each other's data.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor PropertyNotPartial = Create(
        "SCSN0007",
        "Session model property is not partial, so it is not stored",
        "Property '{0}' of session model '{1}' is not partial, so it is not stored in the session: every change to it is lost with the request. Declare it 'public partial' (the generator implements it), or mark it [SessionIgnore] if it is not meant to be stored.",
        ModelCategory,
        DiagnosticSeverity.Warning,
        "Only the public partial properties of a [SessionModel] are stored; the generator implements them. An ordinary auto-property ({ get; set; }) compiles and works within one request, then silently starts empty on the next one. Computed and expression-bodied properties are never reported.");

    public static readonly DiagnosticDescriptor PartialPropertyWithoutGetterAndSetter = Create(
        "SCSN0008",
        "Session model property needs a getter and a setter",
        "Partial property '{0}' of session model '{1}' {2}: a stored property needs both 'get' and 'set' — the framework fills it from the session and your code changes it. Declare it '{{ get; set; }}', or make it an ordinary property if it is computed.",
        ModelCategory,
        DiagnosticSeverity.Error,
        "Every partial property of a session model is stored: it is loaded from the session into the model and written back after your code changed it, so it needs a getter and a setter. A getter-only or init-only property could never be changed after the model is created, and a setter-only one could never be read.");

    public static readonly DiagnosticDescriptor GeneratorFailed = Create(
        "SCSN0009",
        "ScSession's generator failed on a session model",
        "The ScSession generator failed on session model '{0}' ({1}: {2}), so no session code was generated for it. This is a bug in ScSession: please report it with this message.",
        ModelCategory,
        DiagnosticSeverity.Error,
        "An exception inside the generator, not a mistake in the model: it is reported on the model it happened on, and the compilation's other models are generated as usual. Without this report the model would silently have no generated code.");

    public static readonly DiagnosticDescriptor SensitiveProperty = Create(
        "SCSN0101",
        "Session model property looks like a secret",
        "Property '{0}' of session model '{1}' looks like a secret ('{2}'): session data is sent to the client in the cookie or kept in the store, and lives as long as the session. Keep secrets out of the session, or mark the property (or the nested member) [SessionSensitive] if storing it is intended.",
        SecurityCategory,
        DiagnosticSeverity.Warning,
        "Passwords, tokens, API keys, card numbers, CVVs, social security numbers and PINs do not belong in a session: cookie sessions travel to the browser (encrypted, but outside your control) and server stores keep them for the session's lifetime. The check follows what the model stores (nested objects, collection elements, dictionary values) and looks only at values that can hold a secret: text, bytes, Guids and collections of them.");

    public static readonly DiagnosticDescriptor HardCodedSecretKey = Create(
        "SCSN0102",
        "Hard-coded session secret key",
        "A hard-coded string is used as ScSessionOptions.{0}: anyone who can read the source can forge sessions. Read the key from configuration or a secret store (for example builder.Configuration[\"ScSession:SecretKey\"]).",
        SecurityCategory,
        DiagnosticSeverity.Warning,
        "The secret key authenticates and encrypts every session cookie. A key in source code ends up in version control, builds and logs; load it from configuration, environment variables or a secret store.");

    public static readonly DiagnosticDescriptor InsecureCookie = Create(
        "SCSN0103",
        "Insecure session cookie setting",
        "Session cookie setting '{0}' {1}",
        SecurityCategory,
        DiagnosticSeverity.Warning,
        "The session cookie carries the session. It must only travel over HTTPS (CookieSecurePolicy.Always, the default) and must not be readable by scripts (HttpOnly, the default). Relax SecurePolicy only inside an IsDevelopment() check.");

    public static readonly DiagnosticDescriptor StringKeyedSessionAccess = Create(
        "SCSN0104",
        "String-keyed session access to a typed session model's section",
        "Session key '{0}' is the section of session model '{1}': use the typed model (HttpContext.GetSessionAsync<{1}>() or a [FromSession] parameter) instead of ISession.{2}",
        UsageCategory,
        DiagnosticSeverity.Info,
        "A [SessionModel] owns its section of the session. Reading or writing the same key through ISession bypasses the typed model and its format, and the two can overwrite each other.",
        WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>
    /// The mistakes that also make the compilation fail (CS0751, CS9248): <c>csc</c> reports no analyzer diagnostic once a
    /// compilation has an error, so the generator reports these — and the analyzer does not, or the IDE would list them
    /// twice. And the generator's own failure (SCSN0009), which only the generator sees.
    /// </summary>
    public static bool IsReportedByGenerator(string id)
        => id == ModelMustBePartial.Id || id == PartialPropertyWithoutGetterAndSetter.Id || id == GeneratorFailed.Id;

    /// <summary>The descriptor with the ID <paramref name="id"/>.</summary>
    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "SCSN0001" => ModelMustBePartial,
        "SCSN0002" => InvalidModelShape,
        "SCSN0003" => UnsupportedPropertyType,
        "SCSN0004" => DuplicateKey,
        "SCSN0005" => InvalidKey,
        "SCSN0006" => DuplicateSectionName,
        "SCSN0007" => PropertyNotPartial,
        "SCSN0008" => PartialPropertyWithoutGetterAndSetter,
        "SCSN0009" => GeneratorFailed,
        "SCSN0101" => SensitiveProperty,
        "SCSN0102" => HardCodedSecretKey,
        "SCSN0103" => InsecureCookie,
        "SCSN0104" => StringKeyedSessionAccess,
        _ => throw new System.ArgumentOutOfRangeException(nameof(id), id, "No such diagnostic."),
    };

    private static DiagnosticDescriptor Create(
        string id, string title, string message, string category, DiagnosticSeverity severity, string description, params string[] customTags)
        => new(id, title, message, category, severity, isEnabledByDefault: true, description, HelpLinkBase + id + ".md", customTags);
}
