using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ScSession.Internal;

/// <summary>Binds <see cref="FromSessionAttribute">[FromSession]</see> parameters through the generated model registry (no reflection).</summary>
internal sealed class SessionModelBinder : IModelBinder
{
    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        if (!GeneratedSessionModelSupport.TryGetLoader(bindingContext.ModelType, out var load))
        {
            throw new InvalidOperationException(
                $"[FromSession] is on a parameter of type {bindingContext.ModelType.FullName}, which is not a session model. " +
                "Mark the class with [SessionModel] and make it partial.");
        }

        var model = await load(bindingContext.HttpContext).ConfigureAwait(false);
        bindingContext.Result = ModelBindingResult.Success(model);
    }
}
