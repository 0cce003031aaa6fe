using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Health;

public sealed class NoHealthyDestinationTests
{
    [Fact]
    public async Task Get_AllUnhealthy_503WithJsonBody()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        b1.Healthy = false;
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster(
            "healthCheck: { active: { interval: 100ms, timeout: 100ms, unhealthyAfter: 1 } }", b1));
        await Wait.UntilAsync(() => gateway.Runtime.Clusters["pool"].Available.Count == 0, "b1 is unhealthy");

        using var response = await gateway.Client.GetAsync(gateway.Url() + "/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("no healthy destination", body);
        Assert.Contains("\"cluster\":\"pool\"", body);
        Assert.Equal(0, b1.Requests);
    }

    [Fact]
    public async Task Get_AllUnhealthyInPanicMode_SentToAllAnyway()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        b1.Healthy = false;
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster(
            "healthCheck: { panicMode: true, active: { interval: 100ms, timeout: 100ms, unhealthyAfter: 1 } }", b1));
        await Wait.UntilAsync(() => gateway.Runtime.Clusters["pool"].Available.Count == 0, "b1 is unhealthy");

        using var response = await gateway.Client.GetAsync(gateway.Url() + "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, b1.Requests);
    }
}
