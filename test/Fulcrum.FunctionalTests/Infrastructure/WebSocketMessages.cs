using System.Net.WebSockets;

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
}
