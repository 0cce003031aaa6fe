using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Access;

/// <summary>As in nginx, a deny entry refuses an address even when a broader allow entry covers it.</summary>
public sealed class IpFilterDenyWinsTests
{
    [Fact]
    public async Task Get_AddressBothAllowedAndDenied_DenyWins()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { policies: [loopback-but-one], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            policies:
              loopback-but-one: { type: ipFilter, allow: [127.0.0.0/8], deny: [127.0.0.3] }
            """);
        using var denied = LoopbackClient.Create("127.0.0.3");
        using var allowed = LoopbackClient.Create("127.0.0.2");

        using var deniedResponse = await denied.GetAsync(gateway.Url() + "/denied");
        using var allowedResponse = await allowed.GetAsync(gateway.Url() + "/allowed");

        Assert.Equal(403, (int)deniedResponse.StatusCode);
        Assert.Equal(200, (int)allowedResponse.StatusCode);
        Assert.Equal(["/allowed"], backend.Received.Select(r => r.Path));
    }
}
