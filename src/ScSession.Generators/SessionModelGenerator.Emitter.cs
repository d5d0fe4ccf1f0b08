using ScSession.Generators.Emitting;

namespace ScSession.Generators;

public sealed partial class SessionModelGenerator
{
    /// <summary>
    /// Turns the parser's specs into source files: plain functions from a spec to <c>(HintName, Source)</c>. The
    /// writing itself lives in <c>Emitting/</c>: <see cref="ModelEmitter"/> for a model and the converters it uses,
    /// <see cref="PartialImplementationEmitter"/> for a model the generator cannot support.
    /// </summary>
    internal static class Emitter
    {
        public static (string HintName, string Source) Emit(SessionModelSpec model)
            => (model.HintName, ModelEmitter.Emit(model));

        /// <summary>
        /// An unsupported model: implements its partial properties over plain fields and nothing else, so that the
        /// consumer sees the analyzer's diagnostic instead of CS9248 for every property.
        /// </summary>
        public static (string HintName, string Source) EmitPartialImplementation(PartialImplementationSpec model)
            => (model.HintName, PartialImplementationEmitter.Emit(model));
    }
}
