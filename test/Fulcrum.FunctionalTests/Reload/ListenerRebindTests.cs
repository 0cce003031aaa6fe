using System.Net;
using System.Net.Sockets;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Reload;

public sealed class ListenerRebindTests
{
    [Fact]
    public async Task Reload_OneListenerMoves_OnlyThatOneIsRebound()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        var stayPort = LoopbackPorts.Unused();
        var movePort = LoopbackPorts.Unused();
        string Config(int port) => $$"""
            listeners:
              stay: { protocol: http, address: 127.0.0.1:{{stayPort}} }
              move: { protocol: http, address: 127.0.0.1:{{port}} }
            routes:
              all: { cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            """;
        await using var gateway = await TestGateway.StartAsync(Config(movePort));
        var stayServer = gateway.Runtime.Listeners["stay"].Server;
        var moveServer = gateway.Runtime.Listeners["move"].Server;
        var newPort = LoopbackPorts.Unused();

        var result = await gateway.ReloadAsync(Config(newPort));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Same(stayServer, gateway.Runtime.Listeners["stay"].Server);
        Assert.NotSame(moveServer, gateway.Runtime.Listeners["move"].Server);
        using (var moved = await gateway.Client.GetAsync($"http://127.0.0.1:{newPort}/"))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        await Wait.UntilAsync(() => !Accepts(movePort), "the old port is released");
        using var stayed = await gateway.Client.GetAsync($"http://127.0.0.1:{stayPort}/");
        Assert.Equal(HttpStatusCode.OK, stayed.StatusCode);
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
