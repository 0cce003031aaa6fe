using System.Net;
using System.Net.WebSockets;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Reload;

/// <summary>
/// A route removed by a reload while WebSockets on it are open (R4). The documented decision: a reload never cuts an
/// open tunnel — like a request in flight, it finishes on the configuration it started with — so the sockets keep
/// echoing and close with their own close handshake; only new upgrades see the new configuration (404). What ends a
/// tunnel is either side closing, <c>http.webSocketIdleTimeout</c>, or its listener going away (drained until the
/// drain timeout, then aborted).
/// </summary>
public sealed class WebSocketRouteRemovedTests(ITestOutputHelper output)
{
    private static string Config(TestBackend backend, bool withWebSockets) => $$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0 }
        routes:
          {{(withWebSockets ? "ws: { match: { pathPrefix: /ws }, cluster: ws }" : "")}}
          other: { match: { pathPrefix: /other }, cluster: other }
        clusters:
          {{(withWebSockets ? $"ws: {{ destinations: {Yaml.Destinations(backend)} }}" : "")}}
          other: { destinations: {{Yaml.Destinations(backend)}} }
        """;

    [Fact]
    public async Task Reload_RouteRemovedWithOpenWebSockets_SocketsKeepWorkingNewUpgradesGet404()
    {
        await using var backend = await TestBackend.StartAsync("ws");
        await using var gateway = await TestGateway.StartAsync(Config(backend, withWebSockets: true));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var url = new Uri(gateway.Url().Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");
        var sockets = new List<ClientWebSocket>();
        for (var i = 0; i < 3; i++)
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(url, deadline.Token);
            sockets.Add(socket);
            await EchoAsync(socket, $"before {i}", deadline.Token);
        }

        var reload = await gateway.ReloadAsync(Config(backend, withWebSockets: false));
        Assert.True(reload.Succeeded, string.Join("\n", reload.Errors));
        using var upgradeAfter = new ClientWebSocket();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => upgradeAfter.ConnectAsync(url, deadline.Token));
        using var plainAfter = await gateway.Client.GetAsync(gateway.Url() + "/ws");

        var echoed = 0;
        foreach (var (socket, i) in sockets.Select((s, i) => (s, i)))
        {
            await EchoAsync(socket, $"after {i}", deadline.Token);
            echoed++;
        }

        var closes = new List<string>();
        foreach (var socket in sockets)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", deadline.Token);
            closes.Add($"{socket.CloseStatus} {socket.CloseStatusDescription}");
            socket.Dispose();
        }

        output.WriteLine($"R4 route removed with {sockets.Count} open WebSockets: echoed after the reload {echoed}/{sockets.Count}; closes {string.Join(", ", closes)}; "
            + $"new upgrade refused ({refused.Message}), plain GET {(int)plainAfter.StatusCode}");
        Assert.Equal(sockets.Count, echoed);
        Assert.All(closes, c => Assert.Equal("NormalClosure bye", c));
        Assert.Equal(HttpStatusCode.NotFound, plainAfter.StatusCode);
    }

    private static async Task EchoAsync(WebSocket socket, string text, CancellationToken cancellationToken)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        var (_, data) = await WebSocketMessages.ReceiveAsync(socket, cancellationToken);
        Assert.Equal(text, Encoding.UTF8.GetString(data));
    }
}
