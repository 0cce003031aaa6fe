using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>A concurrency limit counts requests in flight: a permit is returned when a response completes.</summary>
public sealed class ConcurrencyLimitTests
{
    [Fact]
    public async Task Get_TwoInFlight_ThirdRefusedUntilOneCompletes()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { match: { pathPrefix: / }, policies: [two-at-once], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              two-at-once: { type: rateLimit, algorithm: concurrency, limit: 2 }
            """);

        var slow = Enumerable.Range(0, 2).Select(_ => RateLimitRequests.GetAsync(gateway.Client, gateway.Url() + "/slow?ms=4000")).ToList();
        await Wait.UntilAsync(() => b1.Requests == 2, "both slow requests reached the backend");
        var third = await RateLimitRequests.GetAsync(gateway.Client, gateway.Url() + "/fast");
        var finished = await Task.WhenAll(slow);
        var after = await RateLimitRequests.GetAsync(gateway.Client, gateway.Url() + "/fast");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.Equal("\"two-at-once\";q=2", third.Policy);
        Assert.Equal("\"two-at-once\";r=0", third.Limit);
        Assert.Equal(1, third.RetryAfter);
        Assert.All(finished, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal("\"two-at-once\";r=1", after.Limit);
    }
}
