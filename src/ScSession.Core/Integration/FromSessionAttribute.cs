using Microsoft.AspNetCore.Mvc.ModelBinding;
using ScSession.Internal;

namespace ScSession;

/// <summary>
/// Binds an MVC action or Razor Pages handler parameter of a session model type to the request's session.
/// </summary>
/// <example><code>public IActionResult Add(int productId, [FromSession] CartSession cart)</code></example>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class FromSessionAttribute : Attribute, IBindingSourceMetadata, IBinderTypeProviderMetadata
{
    /// <summary>The session: not part of the request's input, so not validated or described as API input.</summary>
    public BindingSource BindingSource => BindingSource.Special;

    /// <summary>The binder that loads the model from the session.</summary>
    public Type BinderType => typeof(SessionModelBinder);
}
