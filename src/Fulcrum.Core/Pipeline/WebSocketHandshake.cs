using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Fulcrum.Pipeline;

/// <summary>
/// Checks an HTTP/1.x WebSocket opening handshake (RFC 6455 §4.2.1) before it is forwarded. The forwarder turns any
/// request with <c>Upgrade: websocket</c> and <c>Connection: upgrade</c> into a GET upgrade — a POST or PUT included,
/// its method silently replaced — and opens the tunnel on any 101, so an invalid handshake to a lenient backend
/// became a raw tunnel past the route's method match. A request asking for a WebSocket is therefore refused unless it
/// is a bodiless HTTP/1.1 GET with exactly one 16-byte base64 <c>Sec-WebSocket-Key</c> (400 otherwise) and
/// <c>Sec-WebSocket-Version: 13</c> (426 with the supported version otherwise, §4.4). A request that names another
/// protocol or lacks <c>Connection: upgrade</c> asks for no WebSocket: it is forwarded as a plain request, Upgrade
/// dropped. HTTP/2 extended CONNECT is Kestrel's to check (RFC 8441 has no key).
/// </summary>
internal static class WebSocketHandshake
{
    public const string SupportedVersion = "13";

    private static readonly byte[] Invalid = Encode("invalid WebSocket handshake: a bodiless HTTP/1.1 GET with one Sec-WebSocket-Key (16 bytes, base64) is required", 400);

    private static readonly byte[] UnsupportedVersion = Encode("unsupported Sec-WebSocket-Version: only 13 is spoken", 426);

    /// <summary>0 when the request asks for no WebSocket or asks validly; otherwise the status to refuse it with (400 or 426).</summary>
    public static int Check(HttpRequest request)
    {
        var headers = request.Headers;
        var upgrade = headers.Upgrade;
        if (upgrade.Count == 0 || !HasToken(upgrade, "websocket") || !HasToken(headers.Connection, "upgrade")
            || !(HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol)))
        {
            return 0;
        }

        if (!HttpMethods.IsGet(request.Method) || HttpProtocol.IsHttp10(request.Protocol)
            || request.ContentLength > 0 || headers.TransferEncoding.Count > 0)
        {
            return StatusCodes.Status400BadRequest;
        }

        var key = headers.SecWebSocketKey;
        if (key.Count != 1 || !IsNonce(key[0]))
        {
            return StatusCodes.Status400BadRequest;
        }

        var version = headers.SecWebSocketVersion;
        return version.Count == 1 && version[0] == SupportedVersion ? 0 : StatusCodes.Status426UpgradeRequired;
    }

    /// <summary>
    /// Answers a refused handshake and closes the connection: Kestrel keeps what follows an upgrade request as the
    /// would-be tunnel's bytes, so a pipelined request behind it could be neither routed nor answered.
    /// </summary>
    public static Task RefuseAsync(HttpContext context, int status)
    {
        context.Response.Headers.Connection = "close";
        if (status == StatusCodes.Status426UpgradeRequired)
        {
            context.Response.Headers.SecWebSocketVersion = SupportedVersion;
        }

        return GatewayResponses.WriteAsync(context, status, status == StatusCodes.Status426UpgradeRequired ? UnsupportedVersion : Invalid);
    }

    /// <summary>Whether a comma-separated header holds the token (case-insensitive), without allocating.</summary>
    private static bool HasToken(StringValues values, string token)
    {
        foreach (var value in values)
        {
            var rest = value.AsSpan();
            foreach (var range in rest.Split(','))
            {
                if (rest[range].Trim(" \t").Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A base64 value decoding to exactly 16 bytes (§4.1: a random 16-byte nonce).</summary>
    private static bool IsNonce(string? key)
    {
        Span<byte> nonce = stackalloc byte[16];
        return key is { Length: 24 } && Convert.TryFromBase64String(key, nonce, out var written) && written == 16;
    }

    private static byte[] Encode(string error, int status) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { error, status }) + "\n");
}
