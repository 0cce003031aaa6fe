using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>
/// Behind a trusted proxy, clients are told apart by the X-Forwarded-For address the proxy appended; direct clients
/// by their own address.
/// </summary>
public sealed class PartitionByClientAddressTests
{
    [Fact]
    public async Task Get_ThroughTrustedProxyAndDirect_OneLimitPerRealClient()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0, trustedProxies: [127.0.0.1/32] }
            routes:
              api: { match: { pathPrefix: / }, policies: [per-client], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              per-client: { type: rateLimit, limit: 2, period: 1h, partitionBy: clientAddress }
            """);
        var url = gateway.Url() + "/";
        using var direct = LoopbackClient.Create("127.0.0.2");

        var first = await RateLimitRequests.StatusesAsync(gateway.Client, url, 3, ("X-Forwarded-For", "203.0.113.1"));
        var second = await RateLimitRequests.StatusesAsync(gateway.Client, url, 3, ("X-Forwarded-For", "198.51.100.7, 203.0.113.2"));
        var spoofedFirst = await RateLimitRequests.StatusesAsync(gateway.Client, url, 1, ("X-Forwarded-For", "10.9.9.9, 203.0.113.1"));
        var proxyItself = await RateLimitRequests.StatusesAsync(gateway.Client, url, 3);
        var other = await RateLimitRequests.StatusesAsync(direct, url, 3, ("X-Forwarded-For", "203.0.113.99"));

        Assert.Equal([200, 200, 429], first);
        Assert.Equal([200, 200, 429], second);
        Assert.Equal([429], spoofedFirst);
        Assert.Equal([200, 200, 429], proxyItself);
        // 127.0.0.2 is not a trusted proxy: its X-Forwarded-For is ignored, and it is a client of its own.
        Assert.Equal([200, 200, 429], other);
    }
}
