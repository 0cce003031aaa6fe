using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>A client that is not a trusted proxy cannot get a fresh limit by inventing X-Forwarded-For addresses.</summary>
public sealed class ForwardedForRotationTests
{
    [Fact]
    public async Task Get_UntrustedClientRotatesForwardedFor_StillOneLimit()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { match: { pathPrefix: / }, policies: [per-client], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              per-client: { type: rateLimit, limit: 10, period: 1h }
            """);

        var statuses = new List<int>();
        for (var i = 0; i < 50; i++)
        {
            statuses.AddRange(await RateLimitRequests.StatusesAsync(gateway.Client, gateway.Url() + "/", 1,
                ("X-Forwarded-For", $"198.51.100.{i}"), ("X-Real-IP", $"203.0.113.{i}")));
        }

        Assert.Equal(10, statuses.Count(s => s == 200));
        Assert.Equal(40, statuses.Count(s => s == 429));
        Assert.Equal(1, RateLimitRequests.Policy(gateway, "api").Local!.PartitionCount);
    }
}
