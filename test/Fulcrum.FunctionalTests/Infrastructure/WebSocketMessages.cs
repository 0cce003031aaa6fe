using System.Net.WebSockets;
using System.Text;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>Reads whole WebSocket messages, reassembling the fragments a proxy or backend may split them into.</summary>
internal static class WebSocketMessages
{
    public static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    /// <summary>
    /// Against the test backend's <c>/ws</c> echo: a text message, a binary one larger than the backend's 4 KiB buffer
    /// (so it comes back in fragments that must be reassembled), then a close handshake answered with "bye".
    /// </summary>
    public static async Task AssertEchoAndCloseAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello, gateway"), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        var (type, text) = await ReceiveAsync(socket, cancellationToken);
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal("hello, gateway", Encoding.UTF8.GetString(text));

        var binary = new byte[100_000];
        new Random(3).NextBytes(binary);
        await socket.SendAsync(binary, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        var (binaryType, echoed) = await ReceiveAsync(socket, cancellationToken);
        Assert.Equal(WebSocketMessageType.Binary, binaryType);
        Assert.Equal(binary, echoed);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("bye", socket.CloseStatusDescription);
    }
}
