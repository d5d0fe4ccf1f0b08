using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ScSession.IntegrationTests;

/// <summary>The minimal-API endpoints the integration tests drive.</summary>
public static class Endpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/count", (CounterSession counter) => ++counter.Count);
        app.MapGet("/count/peek", (CounterSession counter) => counter.Count);
        app.MapGet("/count/visit/{page}", (string page, CounterSession counter) =>
        {
            counter.Visits.Add(page); // in-place change of a collection
            return string.Join(",", counter.Visits);
        });
        app.MapGet("/count/extension", async (HttpContext context) =>
        {
            var counter = await context.GetSessionAsync<CounterSession>();
            return ++counter.Count;
        });

        app.MapPost("/profile/{name}", (string name, ProfileSession profile) =>
        {
            profile.Name = name;
            profile.Scores["chess"] = 1200;
            profile.Home = new Address { Street = "1 Main St", City = "Dublin" };
            profile.Tier = Tier.Pro;
            return Results.NoContent();
        });
        app.MapPost("/profile/city/{city}", (string city, ProfileSession profile) =>
        {
            profile.Home!.City = city; // in-place change of a nested object
            return Results.NoContent();
        });
        app.MapGet("/profile", (ProfileSession profile) =>
            $"{profile.Name}|{profile.Home?.Street}|{profile.Home?.City}|{string.Join(",", profile.Scores.Select(s => s.Key + "=" + s.Value))}|{profile.Tier}");

        app.MapPost("/blob/{length:int}", (int length, BlobSession blob) =>
        {
            blob.Data = RandomNumberGenerator.GetHexString(length);
            return Results.NoContent();
        });
        app.MapGet("/blob/length", (BlobSession blob) => blob.Data.Length);

        app.MapPost("/evolving/v1", (EvolvingV1 model) =>
        {
            model.Count = 7;
            model.Score = 42;
            model.Obsolete = "gone soon";
            return Results.NoContent();
        });
        app.MapGet("/evolving/v2", (EvolvingV2 model) => $"{model.Count}|{model.Score}|{model.Added}");
        app.MapPost("/evolving/v2/count", (EvolvingV2 model) => ++model.Count);

        app.MapPost("/renew", async (HttpContext context) =>
        {
            await context.RenewSessionAsync();
            return Results.NoContent();
        });
        app.MapPost("/logout", async (HttpContext context) =>
        {
            await context.DestroySessionAsync();
            return Results.NoContent();
        });
        app.MapPost("/logout/keep-tier", async (HttpContext context) =>
        {
            var tier = (await context.GetSessionAsync<ProfileSession>()).Tier;
            await context.DestroySessionAsync();
            (await context.GetSessionAsync<ProfileSession>()).Tier = tier;
            return Results.NoContent();
        });

        app.MapGet("/late", async (HttpContext context, CounterSession counter) =>
        {
            counter.Count = 1;
            await context.Response.WriteAsync("started");
            counter.Count = 99; // too late: the response has started
        });
        app.MapGet("/fail", (CounterSession counter) =>
        {
            counter.Count = 1000;
            throw new InvalidOperationException("handler failed");
        });
    }
}
