using System.Text.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class TcpAdminStateTests
{
    [Fact]
    public async Task State_TcpListenerWithOpenConnection_ShowsProtocolConnectionsAndDestination()
    {
        await using var echo = TcpEchoServer.Start("e1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.L4("tcp", "", "", echo.Address));
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        await L4Client.SendAsync(client, "hi");
        Assert.Equal("hi", await L4Client.ReadAsync(client, 2));

        using var state = JsonDocument.Parse(await gateway.Client.GetStringAsync(gateway.AdminUrl + "/api/state"));

        var listener = state.RootElement.GetProperty("listeners").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "edge");
        Assert.Equal("tcp", listener.GetProperty("protocol").GetString());
        Assert.Equal(1, listener.GetProperty("activeConnections").GetInt64());
        Assert.Equal("edge", listener.GetProperty("routes")[0].GetString());
        var cluster = state.RootElement.GetProperty("clusters").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "pool");
        Assert.Equal("tcp", cluster.GetProperty("protocol").GetString());
        var destination = cluster.GetProperty("destinations")[0];
        Assert.Equal(echo.Address, destination.GetProperty("address").GetString());
        Assert.Equal(1, destination.GetProperty("inFlight").GetInt32());
    }
}
