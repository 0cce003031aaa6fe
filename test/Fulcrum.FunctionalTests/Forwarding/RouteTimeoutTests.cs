using System.Diagnostics;
using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>A route's <c>timeout</c> bounds the wait for the upstream: a slow backend gets the client a prompt 504.</summary>
public sealed class RouteTimeoutTests
{
    [Fact]
    public async Task Get_SlowerThanRouteTimeout_Answers504Promptly()
    {
        await using var backend = await TestBackend.StartAsync("slow");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              hurried: { match: { pathPrefix: /slow }, timeout: 200ms, cluster: slow }
              patient: { match: { pathPrefix: /patient }, transforms: [{ pathRemovePrefix: /patient }], cluster: slow }
            clusters:
              slow: { destinations: { d1: { address: "{{backend.Address}}" } } }
            """);

        var clock = Stopwatch.StartNew();
        using var response = await gateway.Client.GetAsync(gateway.Url() + "/slow?ms=3000");
        var elapsed = clock.Elapsed;

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(2.5), $"took {elapsed.TotalMilliseconds:0} ms");
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(150), $"answered after {elapsed.TotalMilliseconds:0} ms, before the timeout");

        // The timeout is the route's, not the cluster's: another route to the same backend waits longer.
        using var patient = await gateway.Client.GetAsync(gateway.Url() + "/patient/slow?ms=500");
        Assert.Equal(HttpStatusCode.OK, patient.StatusCode);
    }
}
