using System.Net;
using Fulcrum.Configuration;
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

    /// <summary>Kestrel must bind again only when this changes; anything else is a model swap.</summary>
    public string BindingKey => $"{Config.Protocol}://{EndPoint}";
}
