namespace ScSession.Generators;

/// <summary>Every type and attribute name the generator matches or emits, in one place.</summary>
internal static class TypeNames
{
    public const string SessionModelAttribute = "ScSession.SessionModelAttribute";
    public const string SessionKeyAttribute = "ScSession.SessionKeyAttribute";
    public const string SessionIgnoreAttribute = "ScSession.SessionIgnoreAttribute";
    public const string SessionSensitiveAttribute = "ScSession.SessionSensitiveAttribute";
    public const string ScSessionOptions = "ScSession.ScSessionOptions";
    public const string CookieBuilder = "Microsoft.AspNetCore.Http.CookieBuilder";
    public const string CookieSecurePolicy = "Microsoft.AspNetCore.Http.CookieSecurePolicy";
    public const string ISession = "Microsoft.AspNetCore.Http.ISession";
    public const string SessionExtensions = "Microsoft.AspNetCore.Http.SessionExtensions";
    public const string SessionModelNameProperty = "Name";
    public const string SessionModelConcurrencyProperty = "Concurrency";
    public const string SessionConcurrency = "global::ScSession.SessionConcurrency";

    public const string HttpContextMetadataName = "Microsoft.AspNetCore.Http.HttpContext";
    public const string SetsRequiredMembersAttribute = "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute";

    // Emitted, always global::-qualified.
    public const string ISessionModel = "global::ScSession.ISessionModel";
    public const string SessionReadContext = "global::ScSession.SessionReadContext";
    public const string GeneratedSessionModelSupport = "global::ScSession.GeneratedSessionModelSupport";
    public const string GeneratedSerializerSupport = "global::ScSession.GeneratedSerializerSupport";
    public const string HttpContext = "global::Microsoft.AspNetCore.Http.HttpContext";
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask";
    public const string Utf8JsonWriter = "global::System.Text.Json.Utf8JsonWriter";
    public const string Utf8JsonReader = "global::System.Text.Json.Utf8JsonReader";
    public const string JsonTokenType = "global::System.Text.Json.JsonTokenType";
    public const string JsonEncodedText = "global::System.Text.Json.JsonEncodedText";
    public const string JsonException = "global::System.Text.Json.JsonException";
    public const string InvariantCulture = "global::System.Globalization.CultureInfo.InvariantCulture";
    public const string Exception = "global::System.Exception";
    public const string InvalidOperationException = "global::System.InvalidOperationException";
    public const string FormatException = "global::System.FormatException";
    public const string StringComparison = "global::System.StringComparison";
    public const string GeneratedCodeAttribute = "global::System.CodeDom.Compiler.GeneratedCode";
    public const string ModuleInitializerAttribute = "global::System.Runtime.CompilerServices.ModuleInitializer";
    public const string ArrayEmpty = "global::System.Array.Empty";
    public const string List = "global::System.Collections.Generic.List";
    public const string HashSet = "global::System.Collections.Generic.HashSet";
    public const string Dictionary = "global::System.Collections.Generic.Dictionary";
}

/// <summary>The names given to the incremental pipeline's steps (asserted by the caching tests).</summary>
internal static class TrackingNames
{
    public const string ParsedModels = nameof(ParsedModels);
    public const string SupportedModels = nameof(SupportedModels);
    public const string UnsupportedModels = nameof(UnsupportedModels);
    public const string GeneratorDiagnostics = nameof(GeneratorDiagnostics);
}
