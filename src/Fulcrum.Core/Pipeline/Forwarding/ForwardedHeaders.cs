using System.Globalization;
using Fulcrum.Listeners;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Pipeline.Forwarding;

/// <summary>
/// X-Forwarded-For/Proto/Host. From a trusted proxy the incoming values are kept and the peer is appended to the
/// chain; from anyone else they are replaced, so a client cannot choose the address the backend sees. For the same
/// reason an RFC 7239 <c>Forwarded</c> header and nginx's <c>X-Real-IP</c>, which make the same claims, are only
/// passed on from a trusted proxy.
/// </summary>
internal static class ForwardedHeaders
{
    private const string For = "X-Forwarded-For";
    private const string Proto = "X-Forwarded-Proto";
    private const string Host = "X-Forwarded-Host";
    private const string Rfc7239 = "Forwarded";
    private const string RealIp = "X-Real-IP";

    public static void Apply<TTarget>(HttpContext context, TTarget headers, TrustedProxies trusted)
        where TTarget : IForwardedHeadersTarget
    {
        var request = context.Request;
        var peer = context.Connection.RemoteIpAddress;
        var peerText = peer is null ? "unknown" : (peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer).ToString();
        var fromTrusted = !trusted.IsEmpty && trusted.Contains(peer);

        if (!fromTrusted)
        {
            headers.Remove(Rfc7239);
            headers.Remove(RealIp);
        }

        var incomingFor = request.Headers[For];
        headers.Remove(For);
        headers.Add(For, fromTrusted && incomingFor.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", incomingFor.ToArray())}, {peerText}")
            : peerText);

        var incomingProto = request.Headers[Proto];
        headers.Remove(Proto);
        headers.Add(Proto, fromTrusted && incomingProto.Count > 0 ? incomingProto.ToString() : request.Scheme);

        var incomingHost = request.Headers[Host];
        headers.Remove(Host);
        var host = fromTrusted && incomingHost.Count > 0 ? incomingHost.ToString() : request.Host.Value;
        if (!string.IsNullOrEmpty(host))
        {
            headers.Add(Host, host);
        }
    }
}
