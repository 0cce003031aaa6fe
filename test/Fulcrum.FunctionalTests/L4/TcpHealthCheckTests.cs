using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Health;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class TcpHealthCheckTests
{
    [Fact]
    public async Task ActiveTcpProbe_DeadDestination_MarkedUnhealthyAndSkipped()
    {
        await using var e2 = TcpEchoServer.Start("e2");
        var dead = $"127.0.0.1:{L4Client.RefusedPort()}";
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "",
            "loadBalancing: { policy: first }\nhealthCheck: { active: { tcp: {}, interval: 100ms, timeout: 100ms, unhealthyAfter: 1 } }", dead, e2.Address));
        var pool = gateway.Runtime.Clusters["pool"];

        await Wait.UntilAsync(() => pool.Destinations["d1"].Health.Active == HealthVerdict.Unhealthy, "d1 is probed unhealthy");
        await Wait.UntilAsync(() => pool.Destinations["d2"].Health.Active == HealthVerdict.Healthy, "d2 is probed healthy");
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        await L4Client.SendAsync(client, "probed");

        Assert.Equal("probed", await L4Client.ReadAsync(client, 6));
        Assert.Equal(0, pool.Destinations["d1"].Requests);
    }

    [Fact]
    public async Task ActiveHttpProbe_OnTcpCluster_UsesTheDestinationsHttpEndpoint()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        backend.Healthy = false;
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "",
            "healthCheck: { active: { path: /healthz, interval: 100ms, timeout: 100ms, unhealthyAfter: 1, healthyAfter: 1 } }", $"127.0.0.1:{backend.Port}"));
        var destination = gateway.Runtime.Clusters["pool"].Destinations["d1"];

        await Wait.UntilAsync(() => destination.Health.Active == HealthVerdict.Unhealthy, "the HTTP probe says unhealthy");
        backend.Healthy = true;
        await Wait.UntilAsync(() => destination.Health.Active == HealthVerdict.Healthy, "the HTTP probe says healthy again");
    }
}
