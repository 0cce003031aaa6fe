using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Fulcrum.Listeners;

/// <summary>
/// RFC 9113 §8.2.2: an HTTP/2 request carrying a connection-specific field is malformed, and a malformed request is
/// a stream error of type PROTOCOL_ERROR (§8.1.1). Kestrel refuses <c>connection</c> and a <c>te</c> other than
/// <c>trailers</c> itself, but lets <c>transfer-encoding</c>, <c>keep-alive</c>, <c>proxy-connection</c> and
/// <c>upgrade</c> through; the forwarder would then drop them as hop-by-hop and pass the rest on as if nothing were
/// wrong. A client that sends them is either broken or probing for a downgrade desync (PortSwigger's H2.TE), so the
/// stream is reset before routing, as nghttp2 and HAProxy do, and nothing reaches a backend.
/// </summary>
internal static class Http2ConnectionSpecificFields
{
    private const int ProtocolError = 0x1;

    /// <summary>Resets the stream and returns true when an HTTP/2 or HTTP/3 request carries one of the fields.</summary>
    public static bool RejectIfPresent(HttpContext context)
    {
        var request = context.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            return false;
        }

        // Known header names: Kestrel's request header collection answers these without a dictionary lookup.
        var headers = request.Headers;
        if (!headers.ContainsKey(HeaderNames.TransferEncoding) && !headers.ContainsKey(HeaderNames.KeepAlive)
            && !headers.ContainsKey(HeaderNames.ProxyConnection) && !headers.ContainsKey(HeaderNames.Upgrade))
        {
            return false;
        }

        if (context.Features.Get<IHttpResetFeature>() is { } reset)
        {
            reset.Reset(ProtocolError);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return true;
    }
}
