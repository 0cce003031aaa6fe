using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>Each header value has its own limit; a request without the header is counted by its client address.</summary>
public sealed class PartitionByHeaderTests
{
    [Fact]
    public async Task Get_TwoKeysAndNone_EachItsOwnLimit()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { match: { pathPrefix: / }, policies: [per-tenant], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              per-tenant: { type: rateLimit, algorithm: fixedWindow, limit: 2, period: 1d, partitionBy: header, partitionKey: X-Tenant }
            """);
        var url = gateway.Url() + "/";

        var red = await RateLimitRequests.StatusesAsync(gateway.Client, url, 3, ("X-Tenant", "red"));
        var blue = await RateLimitRequests.StatusesAsync(gateway.Client, url, 3, ("X-Tenant", "blue"));
        var none = await RateLimitRequests.StatusesAsync(gateway.Client, url, 3);

        Assert.Equal([200, 200, 429], red);
        Assert.Equal([200, 200, 429], blue);
        Assert.Equal([200, 200, 429], none);
    }
}
