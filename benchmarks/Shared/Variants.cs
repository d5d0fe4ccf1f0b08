using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScSession.Benchmarks.Shared;

/// <summary>The ways of keeping the cart that are compared.</summary>
public enum Variant
{
    /// <summary>No session at all: the floor.</summary>
    None,

    /// <summary>ScSession, encrypted cookie store (AES-256-GCM).</summary>
    ScSessionCookie,

    /// <summary>ASP.NET Core AddSession() on DistributedMemoryCache, the cart as source-generated JSON in SetString.</summary>
    AspNetSession,

    /// <summary>What people write by hand today: the cart as JSON in a Data-Protection-protected cookie.</summary>
    DataProtectionCookie,

    /// <summary>ScSession with the in-process memory store.</summary>
    ScSessionMemory,

    /// <summary>ScSession with the in-process memory store and last-write-wins (no section versions checked).</summary>
    ScSessionMemoryLastWriteWins,

    /// <summary>ScSession with the in-process memory store and exclusive models (a lease taken and released per request).</summary>
    ScSessionMemoryExclusive,

    /// <summary>ScSession with the Redis store.</summary>
    ScSessionRedis,

    /// <summary>ScSession with the Redis store and exclusive models.</summary>
    ScSessionRedisExclusive,

    /// <summary>ASP.NET Core AddSession() on the StackExchange.Redis distributed cache.</summary>
    AspNetSessionRedis,
}

/// <summary>Builds one isolated service provider and pipeline per variant, shared by the in-process benchmarks and the load app.</summary>
public static class Variants
{
    public const string DataProtectionCookieName = "cart";

    /// <summary>The URL path of a variant in the load app.</summary>
    public static string PathOf(Variant variant) => variant switch
    {
        Variant.None => "/none",
        Variant.ScSessionCookie => "/scsession-cookie",
        Variant.AspNetSession => "/aspnet-session",
        Variant.DataProtectionCookie => "/dp-cookie",
        Variant.ScSessionMemory => "/scsession-memory",
        Variant.ScSessionMemoryLastWriteWins => "/scsession-memory-lww",
        Variant.ScSessionMemoryExclusive => "/scsession-memory-exclusive",
        Variant.ScSessionRedis => "/scsession-redis",
        Variant.ScSessionRedisExclusive => "/scsession-redis-exclusive",
        Variant.AspNetSessionRedis => "/aspnet-session-redis",
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    public static bool NeedsRedis(Variant variant) => variant is Variant.ScSessionRedis or Variant.ScSessionRedisExclusive or Variant.AspNetSessionRedis;

    /// <summary>The services of one variant: logging without providers, ephemeral Data Protection keys.</summary>
    public static ServiceProvider CreateServices(Variant variant, string? redis = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        switch (variant)
        {
            case Variant.ScSessionCookie:
                services.AddScSession(ConfigureScSession);
                break;
            case Variant.ScSessionMemory:
                services.AddScSession(ConfigureScSession).AddMemoryStore(o => o.MaxSessions = 1_000_000);
                break;
            case Variant.ScSessionMemoryLastWriteWins:
                services.AddScSession(o =>
                {
                    ConfigureScSession(o);
                    o.DefaultConcurrency = SessionConcurrency.LastWriteWins;
                }).AddMemoryStore(o => o.MaxSessions = 1_000_000);
                break;
            case Variant.ScSessionMemoryExclusive:
                services.AddScSession(o =>
                {
                    ConfigureScSession(o);
                    o.DefaultConcurrency = SessionConcurrency.Exclusive;
                }).AddMemoryStore(o => o.MaxSessions = 1_000_000);
                break;
            case Variant.ScSessionRedis:
                services.AddScSession(ConfigureScSession).AddRedisStore(redis ?? throw new ArgumentNullException(nameof(redis)));
                break;
            case Variant.ScSessionRedisExclusive:
                services.AddScSession(o =>
                {
                    ConfigureScSession(o);
                    o.DefaultConcurrency = SessionConcurrency.Exclusive;
                }).AddRedisStore(redis ?? throw new ArgumentNullException(nameof(redis)));
                break;
            case Variant.AspNetSession:
                services.AddDistributedMemoryCache();
                services.AddSession();
                break;
            case Variant.AspNetSessionRedis:
                services.AddStackExchangeRedisCache(o => o.Configuration = redis ?? throw new ArgumentNullException(nameof(redis)));
                services.AddSession();
                break;
        }

        return services.BuildServiceProvider();
    }

    private static void ConfigureScSession(ScSessionOptions options)
        => options.SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Adds the variant's session middleware and the cart handler to <paramref name="app"/>.</summary>
    public static void Configure(IApplicationBuilder app, Variant variant)
    {
        switch (variant)
        {
            case Variant.None:
                app.Run(NoSessionAsync);
                break;
            case Variant.ScSessionCookie or Variant.ScSessionMemory or Variant.ScSessionMemoryLastWriteWins or Variant.ScSessionMemoryExclusive
                or Variant.ScSessionRedis or Variant.ScSessionRedisExclusive:
                app.UseScSession();
                app.Run(ScSessionAsync);
                break;
            case Variant.AspNetSession or Variant.AspNetSessionRedis:
                app.UseSession();
                app.Run(AspNetSessionAsync);
                break;
            case Variant.DataProtectionCookie:
                var protector = app.ApplicationServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("Cart.v1");
                app.Run(context => DataProtectionCookieAsync(context, protector));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(variant));
        }
    }

    private static Task NoSessionAsync(HttpContext context) => WriteCountAsync(context, CartWork.Lines + 1);

    private static async Task ScSessionAsync(HttpContext context)
    {
        var cart = await context.GetSessionAsync<CartSession>();
        await WriteCountAsync(context, CartWork.LoadTenAddOne(cart.Items));
    }

    private static async Task AspNetSessionAsync(HttpContext context)
    {
        var session = context.Session;
        await session.LoadAsync(context.RequestAborted);
        var json = session.GetString("cart");
        var cart = (json is null ? null : JsonSerializer.Deserialize(json, CartJsonContext.Default.Cart)) ?? new Cart();
        var loaded = CartWork.LoadTenAddOne(cart.Items);
        session.SetString("cart", JsonSerializer.Serialize(cart, CartJsonContext.Default.Cart));
        await WriteCountAsync(context, loaded);
    }

    private static readonly CookieOptions s_cartCookie = new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        MaxAge = TimeSpan.FromMinutes(20),
    };

    private static Task DataProtectionCookieAsync(HttpContext context, IDataProtector protector)
    {
        Cart? cart = null;
        var raw = context.Request.Cookies[DataProtectionCookieName];
        if (raw is not null)
        {
            try
            {
                cart = JsonSerializer.Deserialize(protector.Unprotect(raw), CartJsonContext.Default.Cart);
            }
            catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
            {
                // A bad cookie gives an empty cart.
            }
        }

        cart ??= new Cart();
        var loaded = CartWork.LoadTenAddOne(cart.Items);
        context.Response.Cookies.Append(DataProtectionCookieName, protector.Protect(JsonSerializer.Serialize(cart, CartJsonContext.Default.Cart)), s_cartCookie);
        return WriteCountAsync(context, loaded);
    }

    private static readonly byte[][] s_counts = [.. Enumerable.Range(0, 64).Select(i => System.Text.Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>Each handler answers with the number of cart lines it loaded: 11 once the session is carried, 0 for a new one.</summary>
    private static Task WriteCountAsync(HttpContext context, int count)
    {
        var body = s_counts[Math.Min(count, s_counts.Length - 1)];
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, 0, body.Length);
    }
}
