using System.Net.WebSockets;
using System.Text;
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

        await socket.SendAsync(Encoding.UTF8.GetBytes("hello, gateway"), WebSocketMessageType.Text, endOfMessage: true, deadline.Token);
        var (type, text) = await WebSocketMessages.ReceiveAsync(socket, deadline.Token);
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal("hello, gateway", Encoding.UTF8.GetString(text));

        // Larger than the backend's 4 KiB buffer, so it comes back in fragments that must be reassembled.
        var binary = new byte[100_000];
        new Random(3).NextBytes(binary);
        await socket.SendAsync(binary, WebSocketMessageType.Binary, endOfMessage: true, deadline.Token);
        var (binaryType, echoed) = await WebSocketMessages.ReceiveAsync(socket, deadline.Token);
        Assert.Equal(WebSocketMessageType.Binary, binaryType);
        Assert.Equal(binary, echoed);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", deadline.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("bye", socket.CloseStatusDescription);
        Assert.Equal(1, backend.Requests);
    }
}
