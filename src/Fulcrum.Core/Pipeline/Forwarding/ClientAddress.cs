using System.Net;
using Fulcrum.Listeners;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Pipeline.Forwarding;

/// <summary>
/// The real client's address: the peer's, unless the peer is a trusted proxy, in which case X-Forwarded-For is
/// read right to left, skipping trusted hops, and the first untrusted address wins (a client can prepend
/// anything to that header, so only what trusted hops appended is believed). IP rules, rate limits and logs use
/// this, never the raw header.
/// </summary>
internal static class ClientAddress
{
    public static IPAddress? Resolve(HttpContext context, TrustedProxies trusted)
    {
        var peer = Normalize(context.Connection.RemoteIpAddress);
        if (peer is null || trusted.IsEmpty || !trusted.Contains(peer))
        {
            return peer;
        }

        var forwarded = context.Request.Headers["X-Forwarded-For"];
        var client = peer;
        for (var i = forwarded.Count - 1; i >= 0; i--)
        {
            var hops = (forwarded[i] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            for (var j = hops.Length - 1; j >= 0; j--)
            {
                if (!IPAddress.TryParse(StripPort(hops[j]), out var hop))
                {
                    // Garbage in the chain: stop at the last address we could trust the origin of.
                    return client;
                }

                client = Normalize(hop)!;
                if (!trusted.Contains(client))
                {
                    return client;
                }
            }
        }

        return client;
    }

    private static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    /// <summary><c>203.0.113.7:4711</c> and <c>[2001:db8::1]:4711</c> carry a port some proxies add.</summary>
    private static string StripPort(string hop)
    {
        if (hop.StartsWith('['))
        {
            var close = hop.IndexOf(']');
            return close > 0 ? hop[1..close] : hop;
        }

        var colon = hop.IndexOf(':');
        return colon > 0 && hop.IndexOf(':', colon + 1) < 0 ? hop[..colon] : hop;
    }
}
