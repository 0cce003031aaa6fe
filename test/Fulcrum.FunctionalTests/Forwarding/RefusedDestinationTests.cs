using System.Diagnostics;
using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>A destination whose port refuses connections (a stopped backend) gets the client a prompt 502.</summary>
public sealed class RefusedDestinationTests
{
    [Fact]
    public async Task Get_DestinationRefusesConnections_Answers502()
    {
        var backend = await TestBackend.StartAsync("gone");
        await backend.StopAsync();
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { cluster: gone }
            clusters:
              gone: { destinations: { d1: { address: "{{backend.Address}}" } } }
            """);

        var clock = Stopwatch.StartNew();
        using var response = await gateway.Client.GetAsync(gateway.Url() + "/x");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"took {clock.Elapsed.TotalMilliseconds:0} ms");
    }
}
