using System.Net;
using System.Net.Sockets;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.L4.ProxyProtocol;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class ProxyProtocolHttpTests
{
    [Theory]
    [InlineData("203.0.113.7", "403")]
    [InlineData("198.51.100.1", "200")]
    public async Task HttpListener_AcceptsProxyHeader_IpFilterSeesTheRealClient(string client, string status)
    {
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0, proxyProtocol: accept }
            routes:
              all: { cluster: pool, policies: [no-test-net] }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            policies:
              no-test-net: { type: ipFilter, deny: [203.0.113.0/24] }
            """);
        using var socket = await L4Client.ConnectAsync(gateway.EndPoint("web"));
        var header = new byte[ProxyHeaderWriter.MaxLength];
        var length = ProxyHeaderWriter.Write(
            header, ProxyProtocolVersion.V2, new IPEndPoint(IPAddress.Parse(client), 4711), new IPEndPoint(IPAddress.Loopback, 80));

        await socket.SendAsync(header.AsMemory(0, length), SocketFlags.None);
        await L4Client.SendAsync(socket, "GET / HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n");

        var response = await L4Client.ReadToEndAsync(socket);
        Assert.StartsWith($"HTTP/1.1 {status}", response, StringComparison.Ordinal);
        Assert.Equal(status == "200" ? 1 : 0, backend.Requests);
    }

    [Fact]
    public async Task HttpListener_RequestWithoutProxyHeader_ClosedAndLogged()
    {
        var logs = new LogCapture();
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0, proxyProtocol: accept }
            routes:
              all: { cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            """, logs: logs);
        using var socket = await L4Client.ConnectAsync(gateway.EndPoint("web"));

        await L4Client.SendAsync(socket, "GET / HTTP/1.1\r\nHost: example.test\r\n\r\n");

        Assert.True(await L4Client.IsClosedAsync(socket));
        await Wait.UntilAsync(() => logs.Contains(5005, "does not start with a PROXY protocol header"), "the rejection is logged");
        Assert.Equal(0, backend.Requests);
    }
}
