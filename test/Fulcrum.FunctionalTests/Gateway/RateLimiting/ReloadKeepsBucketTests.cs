using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>
/// A reload that leaves a rateLimit policy as it was keeps its counts (the compiled policy is reused); one that
/// changes the policy starts it afresh.
/// </summary>
public sealed class ReloadKeepsBucketTests
{
    [Fact]
    public async Task Reload_UnrelatedChangeThenPolicyChange_CountsKeptThenReset()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        string Config(string extraRoute, int limit) => $$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { match: { pathPrefix: /api }, policies: [per-client], cluster: pool }
              {{extraRoute}}
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              per-client: { type: rateLimit, limit: {{limit}}, period: 1h }
            """;
        await using var gateway = await TestGateway.StartAsync(Config("", 5));
        var url = gateway.Url() + "/api";

        var before = await RateLimitRequests.StatusesAsync(gateway.Client, url, 3);
        var unrelated = await gateway.ReloadAsync(Config("other: { match: { pathPrefix: /other }, cluster: pool }", 5));
        var kept = await RateLimitRequests.StatusesAsync(gateway.Client, url, 3);
        var changed = await gateway.ReloadAsync(Config("other: { match: { pathPrefix: /other }, cluster: pool }", 6));
        var fresh = await RateLimitRequests.StatusesAsync(gateway.Client, url, 7);

        Assert.True(unrelated.Succeeded, string.Join("\n", unrelated.Errors));
        Assert.True(changed.Succeeded, string.Join("\n", changed.Errors));
        Assert.Equal([200, 200, 200], before);
        Assert.Equal([200, 200, 429], kept);
        Assert.Equal([200, 200, 200, 200, 200, 200, 429], fresh);
    }
}
