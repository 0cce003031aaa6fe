using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Health;

public sealed class ActiveHealthTests
{
    private const string Checks = "healthCheck: { active: { path: /healthz, interval: 100ms, timeout: 100ms, healthyAfter: 2, unhealthyAfter: 2 } }";

    [Fact]
    public async Task Probe_DestinationFailsThenRecovers_TrafficLeavesAndReturns()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster(Checks, b1, b2));
        var cluster = gateway.Runtime.Clusters["pool"];

        b2.Healthy = false;
        await Wait.UntilAsync(() => cluster.Available.Count == 1, "b2 is taken out by probes");
        b2.ResetCounters();
        for (var i = 0; i < 50; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/");
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal(0, b2.Requests);

        b2.Healthy = true;
        await Wait.UntilAsync(() => cluster.Available.Count == 2, "b2 re-enters after healthyAfter successes");
        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/");
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal(5, b2.Requests);
    }

    [Fact]
    public async Task Probe_DestinationCrashesAndRestarts_ReentersOnSamePort()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster(Checks, b1, b2));
        var cluster = gateway.Runtime.Clusters["pool"];

        await b2.StopAsync();
        await Wait.UntilAsync(() => cluster.Available.Count == 1, "the stopped b2 is marked unhealthy");

        await b2.RestartAsync();
        await Wait.UntilAsync(() => cluster.Available.Count == 2, "the restarted b2 re-enters");
        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/");
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal(10, b2.Requests);
    }
}
