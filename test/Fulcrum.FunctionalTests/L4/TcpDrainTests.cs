using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class TcpDrainTests
{
    [Fact]
    public async Task Drain_TcpDestination_NewConnectionsGoElsewhereOpenOneContinues()
    {
        await using var e1 = TcpEchoServer.Start("e1");
        await using var e2 = TcpEchoServer.Start("e2");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.L4("tcp", "", "loadBalancing: { policy: first }", e1.Address, e2.Address));
        using var open = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        await L4Client.SendAsync(open, "before");
        Assert.Equal("before", await L4Client.ReadAsync(open, 6));
        Assert.Equal(1, e1.Accepted);

        using (var drain = await gateway.Client.PostAsync(gateway.AdminUrl + "/api/clusters/pool/destinations/d1/drain", null))
        {
            Assert.Equal(HttpStatusCode.OK, drain.StatusCode);
        }

        using var next = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        await L4Client.SendAsync(next, "new");
        Assert.Equal("new", await L4Client.ReadAsync(next, 3));
        Assert.Equal(1, e2.Accepted);
        Assert.Equal(1, e1.Accepted);

        await L4Client.SendAsync(open, "after drain");
        Assert.Equal("after drain", await L4Client.ReadAsync(open, 11));
        Assert.Equal(1, gateway.Runtime.Clusters["pool"].Destinations["d1"].InFlight);
    }
}
