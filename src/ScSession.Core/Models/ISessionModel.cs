using System.Text.Json;

namespace ScSession;

/// <summary>
/// A typed session model. Implemented by the ScSession source generator for every
/// <see cref="SessionModelAttribute">[SessionModel]</see> class; do not implement it by hand unless you
/// also write the serializer.
/// </summary>
/// <typeparam name="TSelf">The model type itself.</typeparam>
public interface ISessionModel<TSelf> where TSelf : class, ISessionModel<TSelf>
{
    /// <summary>The section key the model is stored under (<see cref="SessionModelAttribute.Name"/> or the class name).</summary>
    static abstract string SectionName { get; }

    /// <summary>Creates a model holding default values, for a session that has no data for it yet.</summary>
    static abstract TSelf CreateNew();

    /// <summary>Writes <paramref name="value"/> as one JSON object.</summary>
    static abstract void Write(Utf8JsonWriter writer, TSelf value);

    /// <summary>
    /// Reads a model from a JSON object. Unknown fields are skipped, missing fields keep their defaults, and
    /// a field whose JSON no longer fits its type is dropped alone and reported to <paramref name="context"/>.
    /// </summary>
    /// <param name="reader">A reader positioned on the object's <see cref="JsonTokenType.StartObject"/> token.</param>
    /// <param name="context">Receives the fields that could not be read.</param>
    static abstract TSelf Read(ref Utf8JsonReader reader, SessionReadContext context);

    /// <summary>
    /// The model's own concurrency policy (<see cref="SessionModelAttribute.Concurrency"/>), or <see langword="null"/>
    /// when it has none and <see cref="ScSessionOptions.DefaultConcurrency"/> applies. The generator implements it only
    /// for a model whose attribute sets it.
    /// </summary>
    static virtual SessionConcurrency? Concurrency => null;
}
