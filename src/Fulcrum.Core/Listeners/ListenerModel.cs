using System.Net;
using Fulcrum.Configuration;
using Fulcrum.L4;
using Fulcrum.Routing;
using Fulcrum.Runtime;

namespace Fulcrum.Listeners;

/// <summary>A listener as compiled from one snapshot: where it binds and the routes it serves.</summary>
internal sealed class ListenerModel
{
    public required string Name { get; init; }

    public required ListenerConfig Config { get; init; }

    public required IPEndPoint EndPoint { get; init; }

    public required RouteTable<RouteModel> Routes { get; init; }

    public required TrustedProxies TrustedProxies { get; init; }

    /// <summary>Set on <c>https</c> listeners and tcp listeners that terminate TLS; read per handshake, so it changes without a rebind.</summary>
    public ListenerTls? Tls { get; init; }

    /// <summary>Whether HTTP/2 is offered: ALPN h2 on https (default on), h2c prior knowledge on http (default off).</summary>
    public bool Http2 => Config.Http2 ?? Config.Protocol == "https";

    /// <summary>
    /// Kestrel must bind again only when this changes; anything else is a model swap. The tls section is not part of
    /// it: certificates, minimum version and client CA are read per handshake.
    /// </summary>
    public string BindingKey => $"{Config.Protocol}://{EndPoint}{(Http2 ? " h2" : "")}";

    /// <summary><c>proxyProtocol: accept</c>: each connection starts with a PROXY header naming the real client.</summary>
    public bool AcceptProxyProtocol { get; init; }

    /// <summary>The tcp or udp side of the listener; null for HTTP listeners.</summary>
    public L4ListenerModel? L4 { get; init; }
}
