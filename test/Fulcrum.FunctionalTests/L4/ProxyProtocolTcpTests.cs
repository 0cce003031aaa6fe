using System.Net;
using System.Net.Sockets;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.L4.ProxyProtocol;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class ProxyProtocolTcpTests
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task AcceptThenSend_ClientAddressFromHeaderReachesDestination(string received)
    {
        await using var echo = TcpEchoServer.Start("e1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "proxyProtocol: accept", "sendProxyProtocol: v1", echo.Address));
        var edge = gateway.EndPoint("edge");
        using var client = await L4Client.ConnectAsync(edge);
        var header = new byte[ProxyHeaderWriter.MaxLength];
        var length = ProxyHeaderWriter.Write(
            header, received == "v1" ? ProxyProtocolVersion.V1 : ProxyProtocolVersion.V2,
            new IPEndPoint(IPAddress.Parse("203.0.113.7"), 4711), new IPEndPoint(IPAddress.Parse("198.51.100.1"), 5432));

        await client.SendAsync(header.AsMemory(0, length), SocketFlags.None);
        await L4Client.SendAsync(client, "hello");
        client.Shutdown(SocketShutdown.Send);

        // The echo server returns what the gateway sent it: its own v1 header naming the real client, then the data.
        Assert.Equal($"PROXY TCP4 203.0.113.7 127.0.0.1 4711 {edge.Port}\r\nhello", await L4Client.ReadToEndAsync(client));
    }

    [Fact]
    public async Task SendV2_WithoutAccept_NamesThePeer()
    {
        await using var echo = TcpEchoServer.Start("e1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "", "sendProxyProtocol: v2", echo.Address));
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        await L4Client.SendAsync(client, "x");
        client.Shutdown(SocketShutdown.Send);

        var buffer = new byte[64];
        var all = new MemoryStream();
        int read;
        while ((read = await client.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        var parsed = ProxyHeaderParser.Parse(all.ToArray());
        Assert.Equal(ProxyHeaderStatus.Parsed, parsed.Status);
        Assert.Equal(IPAddress.Loopback, parsed.Header.Source!.Address);
        Assert.Equal(((IPEndPoint)client.LocalEndPoint!).Port, parsed.Header.Source.Port);
        Assert.Equal((byte)'x', all.ToArray()[parsed.Length]);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("PROXY TCP4 999.0.0.1 127.0.0.1 1 2\r\n")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4\r\n")]
    public async Task Accept_MalformedHeader_ConnectionClosedAndLogged(string start)
    {
        var logs = new LogCapture();
        await using var echo = TcpEchoServer.Start("e1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "proxyProtocol: accept", "", echo.Address), logs: logs);
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));

        await L4Client.SendAsync(client, start);

        Assert.True(await L4Client.IsClosedAsync(client));
        await Wait.UntilAsync(() => logs.Contains(5005, "PROXY header"), "the rejection is logged");
        Assert.Equal(0, echo.Accepted);
    }
}
