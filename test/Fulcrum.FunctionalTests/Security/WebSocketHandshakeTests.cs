using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// Bad WebSocket handshakes (B5). The backend here is a spy that accepts every upgrade with a 101 — the most
/// lenient backend there is — so whatever the gateway lets through as an upgrade becomes a tunnel. Over HTTP/1.1,
/// a handshake RFC 6455 §4.2.1 calls invalid (no or a malformed Sec-WebSocket-Key, a version other than 13, no
/// <c>Connection: upgrade</c>, not GET, a body, HTTP/1.0) is never tunnelled: the gateway answers 400 (426 with
/// <c>Sec-WebSocket-Version: 13</c> for an unsupported version) or, where the request is no upgrade at all, forwards
/// it as a plain request without Upgrade; never a 5xx. Over HTTP/2, an extended CONNECT without <c>:protocol</c>
/// (or <c>:protocol</c> on another method) is a malformed request and the stream is reset.
/// </summary>
public sealed class WebSocketHandshakeTests(ITestOutputHelper output)
{
    private const string ValidKey = "dGhlIHNhbXBsZSBub25jZQ==";

    private static string Upgrade(string method = "GET", string version = "HTTP/1.1", string? key = ValidKey, string? wsVersion = "13",
        string connection = "Upgrade", string upgrade = "websocket", string extra = "") =>
        $"{method} /ws {version}\r\nHost: a\r\nUpgrade: {upgrade}\r\nConnection: {connection}\r\n"
        + (key is null ? "" : $"Sec-WebSocket-Key: {key}\r\n")
        + (wsVersion is null ? "" : $"Sec-WebSocket-Version: {wsVersion}\r\n")
        + extra + "\r\n";

    /// <summary>Name, request bytes, the statuses acceptable to the client.</summary>
    public static readonly TheoryData<string, string, int[]> Http11Cases = new()
    {
        { "no Sec-WebSocket-Key", Upgrade(key: null), [400] },
        { "empty Sec-WebSocket-Key", Upgrade(key: ""), [400] },
        { "Sec-WebSocket-Key not base64", Upgrade(key: "not a nonce!"), [400] },
        { "Sec-WebSocket-Key of 8 bytes", Upgrade(key: "AAAAAAAAAAA="), [400] },
        { "two Sec-WebSocket-Keys", Upgrade(extra: $"Sec-WebSocket-Key: {ValidKey}\r\n"), [400] },
        { "no Sec-WebSocket-Version", Upgrade(wsVersion: null), [426] },
        { "Sec-WebSocket-Version 99", Upgrade(wsVersion: "99"), [426] },
        { "Sec-WebSocket-Version 8", Upgrade(wsVersion: "8"), [426] },
        { "POST upgrade", Upgrade(method: "POST", extra: "Content-Length: 0\r\n"), [400] },
        { "PUT upgrade", Upgrade(method: "PUT", extra: "Content-Length: 0\r\n"), [400] },
        { "GET upgrade with a body", Upgrade(extra: "Content-Length: 5\r\n") + "hello", [400] },
        { "GET upgrade chunked", Upgrade(extra: "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n", [400] },
        { "Connection: close", Upgrade(connection: "close"), [200] },
        { "Connection: keep-alive", Upgrade(connection: "keep-alive"), [200] },
        { "HTTP/1.0 upgrade", Upgrade(version: "HTTP/1.0"), [400] },
        { "Upgrade: foo", Upgrade(upgrade: "foo"), [200] },
        { "HEAD upgrade", Upgrade(method: "HEAD"), [400] },
        { "Upgrade: websocket among others", Upgrade(upgrade: "foo, WebSocket", key: "AAAA"), [400] },
    };

    [Theory]
    [MemberData(nameof(Http11Cases))]
    public async Task Upgrade_InvalidHandshake_NeverTunnelledNever5xx(string name, string request, int[] acceptable)
    {
        await using var spy = await SpyBackend.StartAsync();
        spy.Reply = r => r.Header("Upgrade") is not null
            ? new SpyReply(101, "Switching Protocols", "", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="])
            : new SpyReply(200, Body: "plain");
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));

        var exchange = await SpyGateway.ExchangeAsync(gateway, request + "tunnel bytes", TimeSpan.FromSeconds(3));

        var forwarded = spy.Requests.Select(r => $"{r.RequestLine} Upgrade={r.All("Upgrade").FirstOrDefault() ?? "-"}").ToList();
        output.WriteLine($"B5 {name,-30} client {exchange,-16} spy: {(forwarded.Count == 0 ? "nothing" : string.Join(" | ", forwarded))}; tunnelled {spy.TunnelText.Length} B");
        Assert.NotEmpty(exchange.Statuses);
        Assert.Contains(exchange.Statuses[0], acceptable);
        Assert.DoesNotContain(101, exchange.Statuses);
        Assert.Empty(spy.TunnelText);
        Assert.All(spy.Requests, r => Assert.Empty(r.All("Upgrade")));
        if (exchange.Statuses[0] == 426)
        {
            Assert.Contains("Sec-WebSocket-Version: 13", exchange.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Upgrade_ValidHandshake_Tunnelled()
    {
        await using var spy = await SpyBackend.StartAsync();
        spy.Reply = _ => new SpyReply(101, "Switching Protocols", "", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="]);
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));
        await using var connection = await RawConnection.OpenAsync(SpyGateway.EndPoint(gateway));

        await connection.TryWriteAsync(Upgrade(connection: "keep-alive, Upgrade"));
        var head = await connection.ReadHeadAsync();
        await connection.TryWriteAsync("tunnel bytes");

        Assert.Equal(101, head.Status);
        await Wait.UntilAsync(() => spy.TunnelText == "tunnel bytes", "the valid handshake's tunnel carries bytes");
    }

    public static readonly TheoryData<string, (string, string)[]> Http2Cases = new()
    {
        { "CONNECT with :scheme and :path, no :protocol", [(":method", "CONNECT"), (":scheme", "http"), (":path", "/ws"), (":authority", "a")] },
        { ":protocol on a GET", [(":method", "GET"), (":protocol", "websocket"), (":scheme", "http"), (":path", "/ws"), (":authority", "a")] },
        { "extended CONNECT without :path", [(":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "http"), (":authority", "a")] },
        { "extended CONNECT without :scheme", [(":method", "CONNECT"), (":protocol", "websocket"), (":path", "/ws"), (":authority", "a")] },
    };

    [Theory]
    [MemberData(nameof(Http2Cases))]
    public async Task Connect_MalformedExtendedConnect_StreamResetNothingForwarded(string name, (string, string)[] fields)
    {
        await using var spy = await SpyBackend.StartAsync();
        spy.Reply = _ => new SpyReply(101, "Switching Protocols", "", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="]);
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy, "http2: true"));
        await using var client = await RawHttp2Connection.OpenAsync(SpyGateway.EndPoint(gateway), TimeSpan.FromSeconds(5));

        await client.WriteFrameAsync(RawHttp2Connection.Headers, RawHttp2Connection.EndHeaders, 1, RawHttp2Connection.Block([.. fields, ("sec-websocket-version", "13")]));
        var answer = await client.ReadUntilAsync(f => f.Type is RawHttp2Connection.GoAway or RawHttp2Connection.Headers || (f.Type == RawHttp2Connection.RstStream && f.StreamId == 1));

        var outcome = answer switch
        {
            null => "nothing",
            { Type: RawHttp2Connection.Headers } => $":status {answer.Status}",
            _ => $"{(answer.Type == RawHttp2Connection.GoAway ? "GOAWAY" : "RST")} {answer.ErrorCode}",
        };
        output.WriteLine($"B5 h2 {name,-45} {outcome}; spy requests {spy.RequestCount}");
        Assert.NotNull(answer);
        Assert.True(answer.Type is RawHttp2Connection.GoAway or RawHttp2Connection.RstStream && answer.ErrorCode == 0x1 || answer.Status is >= 400 and < 500, outcome);
        Assert.Equal(0, spy.RequestCount);
    }

    [Fact]
    public async Task Connect_PlainConnectOverHttp2_Refused405()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy, "http2: true"));
        await using var client = await RawHttp2Connection.OpenAsync(SpyGateway.EndPoint(gateway), TimeSpan.FromSeconds(5));

        await client.WriteFrameAsync(RawHttp2Connection.Headers, RawHttp2Connection.EndHeaders | RawHttp2Connection.EndStream, 1,
            RawHttp2Connection.Block([(":method", "CONNECT"), (":authority", $"127.0.0.1:{spy.Port}")]));
        var answer = await client.ReadUntilAsync(f => f.StreamId == 1 && f.Type is RawHttp2Connection.Headers or RawHttp2Connection.RstStream);

        output.WriteLine($"B5 h2 plain CONNECT to the spy's address: {(answer?.Type == RawHttp2Connection.Headers ? $":status {answer.Status}" : $"frame {answer?.Type}")}; spy connections {spy.AcceptedConnections}");
        Assert.NotNull(answer);
        Assert.Equal(RawHttp2Connection.Headers, answer.Type);
        Assert.Equal(0, spy.AcceptedConnections);
        Assert.Equal(405, answer.Status);
    }
}
