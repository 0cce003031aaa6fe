using Fulcrum.Clusters;
using Fulcrum.Gateway;
using Fulcrum.Pipeline.Transforms;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Runtime;

/// <summary>A route as compiled from one snapshot: its cluster's state and model of that same snapshot.</summary>
internal sealed class RouteModel
{
    public required string Name { get; init; }

    public required ClusterState Cluster { get; init; }

    /// <summary>The cluster model of the snapshot this route belongs to, so a request never mixes snapshots.</summary>
    public required ClusterModel ClusterModel { get; init; }

    public required RouteTransformer Transformer { get; init; }

    public required ForwarderRequestConfig RequestConfig { get; init; }

    /// <summary>
    /// For upgraded requests (WebSockets over HTTP/1.1 Upgrade or HTTP/2 extended CONNECT): the activity timeout is
    /// the cluster's <c>webSocketIdleTimeout</c>, the longest both directions of the tunnel may stay silent.
    /// </summary>
    public required ForwarderRequestConfig UpgradeRequestConfig { get; init; }

    /// <summary>The route's policies in the order the config lists them, resolved once.</summary>
    public required IRequestPolicy[] Policies { get; init; }

    public override string ToString() => Name;
}
