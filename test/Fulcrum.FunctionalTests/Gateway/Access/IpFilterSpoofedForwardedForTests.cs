using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Access;

/// <summary>
/// Client-IP spoofing (S8): a peer outside the listener's trustedProxies cannot change the address the filter sees
/// with X-Forwarded-For, X-Real-IP or Forwarded, neither to get in nor to get a denied address past the filter.
/// </summary>
public sealed class IpFilterSpoofedForwardedForTests
{
    [Fact]
    public async Task Get_UntrustedPeerClaimsAllowedAddress_SpoofIgnoredAnd403()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0, trustedProxies: [127.0.0.2/32] }
            routes:
              partners: { match: { pathPrefix: /partners }, policies: [partners-only], cluster: pool }
              all: { policies: [no-three], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            policies:
              partners-only: { type: ipFilter, allow: [203.0.113.0/24] }
              no-three: { type: ipFilter, deny: [127.0.0.3] }
            """);
        using var untrusted = LoopbackClient.Create("127.0.0.3");

        var statuses = new List<int>();
        foreach (var path in new[] { "/partners/x", "/other" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + path);
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            request.Headers.Add("X-Real-IP", "203.0.113.7");
            request.Headers.Add("Forwarded", "for=203.0.113.7");
            using var response = await untrusted.SendAsync(request);
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([403, 403], statuses);
        Assert.Empty(backend.Received);
    }
}
