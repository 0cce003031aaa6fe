using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Pipeline;

public sealed class WebSocketHandshakeTests
{
    private static HttpRequest Request(string method = "GET", string protocol = "HTTP/1.1", string upgrade = "websocket", string connection = "Upgrade",
        string? key = "dGhlIHNhbXBsZSBub25jZQ==", string? version = "13", long? contentLength = null)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.Protocol = protocol;
        request.Headers.Upgrade = upgrade;
        request.Headers.Connection = connection;
        if (key is not null)
        {
            request.Headers.SecWebSocketKey = key;
        }

        if (version is not null)
        {
            request.Headers.SecWebSocketVersion = version;
        }

        request.ContentLength = contentLength;
        return request;
    }

    [Fact]
    public void Check_ValidHandshake_Accepted()
    {
        Assert.Equal(0, WebSocketHandshake.Check(Request()));
        Assert.Equal(0, WebSocketHandshake.Check(Request(upgrade: "WebSocket", connection: "keep-alive, Upgrade")));
        Assert.Equal(0, WebSocketHandshake.Check(Request(contentLength: 0)));
    }

    [Theory]
    [InlineData("websocket", "keep-alive")]
    [InlineData("h2c", "Upgrade")]
    [InlineData("", "Upgrade")]
    public void Check_NoWebSocketAsked_LeftToForwarding(string upgrade, string connection) =>
        Assert.Equal(0, WebSocketHandshake.Check(Request(upgrade: upgrade, connection: connection, key: null)));

    [Fact]
    public void Check_Http2_LeftToKestrel() => Assert.Equal(0, WebSocketHandshake.Check(Request(protocol: "HTTP/2", key: null)));

    [Theory]
    [InlineData("POST", "HTTP/1.1", "dGhlIHNhbXBsZSBub25jZQ==", null)]
    [InlineData("GET", "HTTP/1.0", "dGhlIHNhbXBsZSBub25jZQ==", null)]
    [InlineData("GET", "HTTP/1.1", null, null)]
    [InlineData("GET", "HTTP/1.1", "", null)]
    [InlineData("GET", "HTTP/1.1", "AAAAAAAAAAA=", null)]
    [InlineData("GET", "HTTP/1.1", "dGhlIHNhbXBsZSBub25jZQ=!", null)]
    [InlineData("GET", "HTTP/1.1", "dGhlIHNhbXBsZSBub25jZQ==", 5L)]
    public void Check_InvalidHandshake_400(string method, string protocol, string? key, long? contentLength) =>
        Assert.Equal(400, WebSocketHandshake.Check(Request(method: method, protocol: protocol, key: key, contentLength: contentLength)));

    [Theory]
    [InlineData(null)]
    [InlineData("8")]
    [InlineData("13, 8")]
    public void Check_UnsupportedVersion_426(string? version) => Assert.Equal(426, WebSocketHandshake.Check(Request(version: version)));
}
