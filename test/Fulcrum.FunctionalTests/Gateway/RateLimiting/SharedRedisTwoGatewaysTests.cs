using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>
/// Two gateways (each with its own Redis connection) share one global limit through one redis-server: under
/// concurrent load on both, together they admit no more than the limit + 1%.
/// </summary>
public sealed class SharedRedisTwoGatewaysTests(ITestOutputHelper output)
{
    private const int Limit = 1000;
    private const int RequestsPerGateway = 1500;

    [Theory]
    // Periods long enough that the test's few seconds neither refill the bucket nor cross a window boundary by
    // more than a token (fixed windows start at multiples of the period since the epoch, so a day).
    [InlineData("tokenBucket", "1h")]
    [InlineData("slidingWindow", "1h")]
    [InlineData("fixedWindow", "1d")]
    public async Task Get_ConcurrentLoadOnTwoGateways_TogetherAtMostTheLimitPlusOnePercent(string algorithm, string period)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var b1 = await TestBackend.StartAsync("b1");
        string Config(string clientName) => $$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { match: { pathPrefix: / }, policies: [shared], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              shared: { type: rateLimit, algorithm: {{algorithm}}, limit: {{Limit}}, period: {{period}}, scope: global, onStoreFailure: deny }
            stores:
              redis: { connection: "{{redis.Connection}},name={{clientName}}", timeout: 2s }
            """;
        await using var first = await TestGateway.StartAsync(Config("gateway-a"));
        await using var second = await TestGateway.StartAsync(Config("gateway-b"));
        await RateLimitRequests.StoreConnectedAsync(first, "api");
        await RateLimitRequests.StoreConnectedAsync(second, "api");

        var drivers = new[] { first, second }
            .Select(g => new LoadDriver(g.Client, g.Url() + "/", workers: 8, maxRequests: RequestsPerGateway, maxDuration: TimeSpan.FromSeconds(30)))
            .ToList();
        drivers.ForEach(d => d.Start());
        await Wait.UntilAsync(() => drivers.All(d => d.Total >= RequestsPerGateway), "both gateways served their requests", TimeSpan.FromSeconds(40));
        foreach (var driver in drivers)
        {
            await driver.StopAsync();
        }

        var admitted = drivers.Sum(d => d.Succeeded);
        var refused = drivers.Sum(d => d.Failures.Count(f => f.StartsWith("429:", StringComparison.Ordinal)));
        var other = drivers.SelectMany(d => d.Failures).Where(f => !f.StartsWith("429:", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{algorithm}: two gateways admitted {admitted} of limit {Limit} ({drivers[0].Succeeded} + {drivers[1].Succeeded}), refused {refused}, other {other.Count}");

        Assert.Empty(other);
        Assert.Equal(2 * RequestsPerGateway, admitted + refused);
        Assert.InRange(admitted, Limit, Limit + Limit / 100);
        Assert.True(drivers.All(d => d.Succeeded > 0), "both gateways admitted requests");
    }
}
