// Every line marked SCSNxxxx is a deliberate mistake: SampleBuildTests asserts the build reports it.
using ScSession;
using ScSession.Analyzers.Samples;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddScSession(options =>
{
    options.SecretKey = "c2VjcmV0LWtleS1pbi1zb3VyY2UtY29kZS0xMjM0NTY="; // SCSN0102
    options.Cookie.SecurePolicy = CookieSecurePolicy.None; // SCSN0103
    options.Cookie.HttpOnly = false; // SCSN0103
});

var app = builder.Build();
app.UseScSession();

app.MapGet("/legacy", (HttpContext context) =>
    context.Session.GetString("cart")); // SCSN0104

app.MapGet("/", async (HttpContext context) => (await context.GetSessionAsync<Cart>()).Count);

app.Run();
