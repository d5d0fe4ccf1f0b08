using ScSession;
using ScSession.Samples.Shop;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorPages();

// Options come from the "ScSession" configuration section: appsettings.Development.json holds a key for
// local use only; elsewhere set ScSession__SecretKey (e.g. `openssl rand -base64 32`).
builder.Services.AddScSession();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
}

app.UseRouting();
app.UseScSession();

app.MapRazorPages();

// Minimal API: a parameter of a session model type binds to the session, no attribute needed.
app.MapGet("/api/cart", (CartSession cart) => cart.Lines);
app.MapPost("/api/theme/{theme}", (Theme theme, PreferencesSession prefs) =>
{
    prefs.Theme = theme;
    return Results.NoContent();
});

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
