using ScSession.Benchmarks.Shared;

// The load-test app: every variant under its own path, each with its own isolated services (so three ScSession
// configurations can live side by side). Usage: ScSession.LoadApp --urls http://127.0.0.1:PORT [--redis host:port]
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var redis = builder.Configuration["redis"];
var app = builder.Build();

var providers = new List<IDisposable>();
foreach (var variant in Enum.GetValues<Variant>())
{
    if (Variants.NeedsRedis(variant) && string.IsNullOrEmpty(redis))
    {
        continue;
    }

    var services = Variants.CreateServices(variant, redis);
    providers.Add(services);
    app.Map(Variants.PathOf(variant), branch =>
    {
        branch.ApplicationServices = services;
        Variants.Configure(branch, variant);
    });
}

app.MapGet("/health", () => "ok");
app.Lifetime.ApplicationStopped.Register(() => providers.ForEach(p => p.Dispose()));
app.Run();
