using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class TcpReloadTests
{
    [Fact]
    public async Task Reload_TcpListenerUnchanged_OpenConnectionKeepsItsDestination()
    {
        await using var e1 = TcpEchoServer.Start("e1");
        await using var e2 = TcpEchoServer.Start("e2");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "idleTimeout: 1m", "", e1.Address));
        var server = gateway.Runtime.Listeners["edge"].Server;
        using var open = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        await L4Client.SendAsync(open, "one");
        Assert.Equal("one", await L4Client.ReadAsync(open, 3));

        // The cluster now has only e2, and the idle timeout changed: a model swap, not a rebind.
        var result = await gateway.ReloadAsync(Yaml.L4("tcp", "idleTimeout: 2m", "", e2.Address));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Same(server, gateway.Runtime.Listeners["edge"].Server);
        await L4Client.SendAsync(open, "two");
        Assert.Equal("two", await L4Client.ReadAsync(open, 3));
        Assert.Equal(1, e1.Open);
        using var next = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        await L4Client.SendAsync(next, "new");
        Assert.Equal("new", await L4Client.ReadAsync(next, 3));
        Assert.Equal(1, e2.Accepted);
    }

    [Fact]
    public async Task Reload_TcpListenerRemoved_PortReleased()
    {
        await using var e1 = TcpEchoServer.Start("e1");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "", "", e1.Address), drainTimeout: TimeSpan.FromSeconds(1));
        var port = gateway.EndPoint("edge").Port;

        var result = await gateway.ReloadAsync(Yaml.SingleCluster("", backend));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.False(gateway.Runtime.Listeners.ContainsKey("edge"));
        await Wait.UntilAsync(async () =>
        {
            try
            {
                using var probe = await L4Client.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
                return false;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return true;
            }
        }, "the tcp listener's port is released");
    }
}
