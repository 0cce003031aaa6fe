using System.Net.WebSockets;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>A WebSocket upgrade passes through the gateway: messages both ways, then a clean close handshake.</summary>
public sealed class WebSocketTests
{
    [Fact]
    public async Task Upgrade_WebSocketThroughGateway_EchoesMessagesAndClosesCleanly()
    {
        await using var backend = await TestBackend.StartAsync("ws");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { cluster: ws }
            clusters:
              ws: { destinations: { d1: { address: "{{backend.Address}}" } } }
            """);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var socket = new ClientWebSocket();

        await socket.ConnectAsync(new Uri(gateway.Url().Replace("http://", "ws://", StringComparison.Ordinal) + "/ws"), deadline.Token);

        await WebSocketMessages.AssertEchoAndCloseAsync(socket, deadline.Token);
        Assert.Equal(1, backend.Requests);
    }
}
