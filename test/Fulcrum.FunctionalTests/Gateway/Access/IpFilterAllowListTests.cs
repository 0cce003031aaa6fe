using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Access;

/// <summary>With an allow list, only covered clients reach the destination; the rest get 403 from the gateway.</summary>
public sealed class IpFilterAllowListTests
{
    [Fact]
    public async Task Get_FromAllowedAndUnlistedLoopbackAddresses_OnlyAllowedForwarded()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { policies: [office], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            policies:
              office: { type: ipFilter, allow: [127.0.0.2/32, "2001:db8::/32"] }
            """);
        using var allowedClient = LoopbackClient.Create("127.0.0.2");
        using var otherClient = LoopbackClient.Create("127.0.0.3");

        using var allowed = await allowedClient.GetAsync(gateway.Url() + "/a");
        using var refused = await otherClient.GetAsync(gateway.Url() + "/b");
        using var refusedDefault = await gateway.Client.GetAsync(gateway.Url() + "/c");

        Assert.Equal(200, (int)allowed.StatusCode);
        Assert.Equal(403, (int)refused.StatusCode);
        Assert.Equal(403, (int)refusedDefault.StatusCode);
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"error\":\"client address not allowed\",\"status\":403}\n", await refused.Content.ReadAsStringAsync());
        Assert.Equal(["/a"], backend.Received.Select(r => r.Path));
    }
}
