using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Access;

/// <summary>
/// Behind a trusted proxy the filter sees the right-most address that proxy did not vouch for: what it appended,
/// not what its client prepended. IPv6 and IPv4-mapped addresses in the chain are matched like direct peers.
/// </summary>
public sealed class IpFilterTrustedProxyChainTests
{
    [Theory]
    [InlineData("203.0.113.7", 200)]
    [InlineData("6.6.6.6, 203.0.113.7", 200)]
    [InlineData("203.0.113.7, 198.51.100.9", 403)]
    [InlineData("203.0.113.7, 127.0.0.4", 200)]
    [InlineData("2001:db8::7", 200)]
    [InlineData("[2001:db8::7]:4711", 200)]
    [InlineData("::ffff:203.0.113.8", 200)]
    [InlineData("2001:db9::7", 403)]
    [InlineData("203.0.113.66", 403)]
    public async Task Get_ThroughTrustedProxy_FilterUsesResolvedClient(string forwardedFor, int expected)
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0, trustedProxies: [127.0.0.2/32, 127.0.0.4/32] }
            routes:
              all: { policies: [partners-only], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            policies:
              partners-only: { type: ipFilter, allow: [203.0.113.0/24, "2001:db8::/32"], deny: [203.0.113.66] }
            """);
        using var proxy = LoopbackClient.Create("127.0.0.2");

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/x");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        using var response = await proxy.SendAsync(request);

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(expected == 200 ? 1 : 0, backend.Received.Count);
    }
}
