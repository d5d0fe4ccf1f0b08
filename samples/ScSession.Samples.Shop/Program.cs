using ScSession;
using ScSession.Samples.Shop;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorPages();

// Options come from the "ScSession" configuration section: set ScSession__SecretKey (`openssl rand -base64 32`).
// In Development without one, the shop generates a key for this machine, kept outside the repository.
DevelopmentSecretKey.UseIfNoneConfigured(builder);
// "Remember me" at sign-in (Pages/Login.cshtml): remembered sessions get longer windows, unless configured otherwise.
var session = builder.Services.AddScSession(o =>
{
    o.RememberedIdleTimeout ??= TimeSpan.FromDays(14);
    o.RememberedAbsoluteTimeout ??= TimeSpan.FromDays(30);
});

// The encrypted cookie is the default store. One setting moves sessions to a server:
//   ScSession__Store=redis  ConnectionStrings__Redis=localhost:6379
//   ScSession__Store=postgres  ConnectionStrings__Postgres="Host=…;Database=…;Username=…;Password=…"
//   ScSession__Store=memory (in-process, lost on restart)
switch (ShopStore.Kind(builder.Configuration))
{
    case "cookie":
        break;
    case "memory":
        session.AddMemoryStore();
        break;
    case "redis":
        session.AddRedisStore(builder.Configuration.GetConnectionString("Redis") ?? "localhost:6379");
        break;
    case "postgres":
        session.AddPostgresStore(builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ScSession:Store is postgres: set ConnectionStrings__Postgres."));
        break;
    case var other:
        throw new InvalidOperationException($"ScSession:Store is '{other}'; use cookie (the default), memory, redis or postgres.");
}

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
}

app.UseRouting();

// On a server store, two tabs that change the cart at once are not both saved: the later save finds the cart changed
// since it read it and fails with SessionConflictException (nothing of it is saved). Answer 409 so the client retries.
app.Use(static async (context, next) =>
{
    try
    {
        await next(context);
    }
    catch (SessionConflictException conflict) when (!context.Response.HasStarted)
    {
        context.Response.Clear();
        await Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Changed in another tab",
            detail: $"This change was not saved: {string.Join(", ", conflict.Sections)} changed meanwhile. Reload and try again.").ExecuteAsync(context);
    }
});

app.UseScSession();

app.MapRazorPages();

// Development only: /_scsession shows this browser's session (the layout's "What is in your session" panel frames it).
app.MapScSessionInspector();

// Minimal API: a parameter of a session model type binds to the session, no attribute needed.
app.MapGet("/api/cart", (CartSession cart) => cart.Lines);
app.MapPost("/api/cart/{sku}", (string sku, CartSession cart) =>
{
    if (Catalog.Find(sku) is null)
    {
        return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such product", detail: $"The catalog has no product {sku}.");
    }

    cart.Add(sku);
    return Results.Ok(cart.Lines);
});
app.MapPost("/api/theme/{theme}", (string theme, PreferencesSession prefs) =>
{
    // A theme's name in any case ("dark", "Dark"); Enum.TryParse alone would also take "1", "42" or "light,dark".
    var name = Enum.GetNames<Theme>().FirstOrDefault(n => n.Equals(theme, StringComparison.OrdinalIgnoreCase));
    if (name is null)
    {
        return Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Unknown theme",
            detail: $"'{theme}' is not a theme; use one of: {string.Join(", ", Enum.GetNames<Theme>().Select(n => n.ToLowerInvariant()))}.");
    }

    prefs.Theme = Enum.Parse<Theme>(name);
    return Results.NoContent();
});

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
