using System.Net;
using System.Net.Sockets;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Gateway.RateLimiting;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>Small helpers the rate-limit scenarios share: requests with headers, clients from other loopback addresses.</summary>
internal static class RateLimitRequests
{
    /// <summary>Sends GET <paramref name="url"/> with <paramref name="headers"/> and reads the whole answer.</summary>
    public static async Task<Answer> GetAsync(HttpClient client, string url, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, body, Field(response, "RateLimit-Policy"), Field(response, "RateLimit"),
            response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : null);
    }

    /// <summary>The statuses of <paramref name="count"/> GETs in a row.</summary>
    public static async Task<List<int>> StatusesAsync(HttpClient client, string url, int count, params (string Name, string Value)[] headers)
    {
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add((int)(await GetAsync(client, url, headers)).Status);
        }

        return statuses;
    }

    /// <summary>The compiled rateLimit policy a route of the gateway's current configuration runs first.</summary>
    public static RateLimitPolicy Policy(TestGateway gateway, string route) =>
        (RateLimitPolicy)gateway.Runtime.Listeners["web"].Model.Routes.OrderedRoutes.Single(r => r.Name == route).Policies
            .First(p => p is RateLimitPolicy);

    /// <summary>Waits until the route's global rateLimit policy is connected to Redis, so that its answers are counted.</summary>
    public static Task StoreConnectedAsync(TestGateway gateway, string route) =>
        Wait.UntilAsync(() => Policy(gateway, route).Global!.Store.IsConnected, $"route {route}'s rate limit is connected to Redis");

    private static string? Field(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}

internal sealed record Answer(HttpStatusCode Status, string Body, string? Policy, string? Limit, int? RetryAfter);
