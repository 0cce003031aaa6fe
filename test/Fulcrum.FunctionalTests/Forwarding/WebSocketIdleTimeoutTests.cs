using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary><c>http.webSocketIdleTimeout</c>: a proxied WebSocket silent both ways for that long is closed by the gateway.</summary>
public sealed class WebSocketIdleTimeoutTests
{
    [Fact]
    public async Task Receive_SilentPastIdleTimeout_GatewayClosesTheTunnel()
    {
        await using var backend = await TestBackend.StartAsync("ws");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("http: { webSocketIdleTimeout: 1s, requestTimeout: 1m }", backend));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(gateway.Url().Replace("http://", "ws://", StringComparison.Ordinal) + "/ws"), deadline.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, endOfMessage: true, deadline.Token);
        Assert.Equal("ping", Encoding.UTF8.GetString((await WebSocketMessages.ReceiveAsync(socket, deadline.Token)).Data));
        var silent = Stopwatch.StartNew();

        // Nothing is sent either way from here: the next receive ends when the gateway drops the idle tunnel.
        var ended = await Record.ExceptionAsync(() => WebSocketMessages.ReceiveAsync(socket, deadline.Token));

        Assert.False(deadline.IsCancellationRequested, "the tunnel was still open after 30 s (request timeout is 1 m: the idle timeout did it)");
        Assert.IsType<WebSocketException>(ended);
        Assert.True(silent.Elapsed >= TimeSpan.FromMilliseconds(900), $"closed after {silent.Elapsed}, before the idle timeout");
    }
}
