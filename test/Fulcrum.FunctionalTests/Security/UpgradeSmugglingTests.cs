using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// Upgrade smuggling (Pingora CVE-2026-2833, h2c smuggling): a tunnel opens only after the backend's 101. When the
/// backend refuses the upgrade, the gateway answers with the backend's status and closes the connection, so bytes
/// the client pipelined after the upgrade request (Kestrel holds them as the would-be tunnel's) are never
/// forwarded, raw or otherwise. An h2c upgrade is never passed on.
/// </summary>
public sealed class UpgradeSmugglingTests(ITestOutputHelper output)
{
    private const string WebSocketUpgrade =
        "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

    private const string Pipelined = "GET /admin/x HTTP/1.1\r\nHost: a\r\n\r\n";

    [Theory]
    [InlineData(426, "Upgrade Required")]
    [InlineData(200, "OK")]
    [InlineData(400, "Bad Request")]
    public async Task Upgrade_BackendRefuses_PipelinedBytesNeverTunnelled(int status, string reason)
    {
        await using var spy = await SpyBackend.StartAsync();
        spy.Reply = _ => new SpyReply(status, reason, "no upgrade", ["Sec-WebSocket-Version: 13"]);
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));

        var exchange = await SpyGateway.ExchangeAsync(gateway, WebSocketUpgrade + Pipelined, TimeSpan.FromSeconds(3));

        output.WriteLine($"S15 upgrade answered {status}: client {exchange}, spy requests {spy.RequestCount}, tunnelled bytes {spy.TunnelText.Length}");
        Assert.Equal([status], exchange.Statuses);
        Assert.True(exchange.Closed, $"connection left open after the refused upgrade: {exchange}");
        Assert.Empty(spy.TunnelText);
        Assert.DoesNotContain("/admin", spy.ReceivedText, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, spy.RequestCount);
    }

    [Fact]
    public async Task Upgrade_BackendAccepts_TunnelCarriesBytes()
    {
        await using var spy = await SpyBackend.StartAsync();
        spy.Reply = request => request.Header("Upgrade") is not null
            ? new SpyReply(101, "Switching Protocols", "", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="])
            : new SpyReply(200);
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));
        await using var connection = await RawConnection.OpenAsync(SpyGateway.EndPoint(gateway));

        await connection.TryWriteAsync(WebSocketUpgrade);
        var switching = await connection.ReadHeadAsync();
        await connection.TryWriteAsync("raw tunnel bytes");

        Assert.Equal(101, switching.Status);
        await Wait.UntilAsync(() => spy.TunnelText == "raw tunnel bytes", "the tunnel carries the client's bytes");
    }

    [Fact]
    public async Task Upgrade_H2c_NotForwarded()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));

        var exchange = await SpyGateway.ExchangeAsync(gateway,
            "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n" + Pipelined,
            TimeSpan.FromSeconds(3));

        output.WriteLine($"S15 h2c upgrade: client {exchange}, spy {string.Join(" | ", spy.Requests.Select(r => r.RequestLine + " Upgrade=" + r.All("Upgrade").FirstOrDefault()))}");
        Assert.True(exchange.Statuses.Count > 0 && exchange.Statuses[0] != 101, $"{exchange}");
        Assert.All(spy.Requests, request => Assert.Empty(request.All("Upgrade")));
        Assert.All(spy.Requests, request => Assert.Empty(request.All("HTTP2-Settings")));
        Assert.DoesNotContain("/admin", spy.ReceivedText, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(spy.TunnelText);
    }
}
