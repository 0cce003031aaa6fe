using Fulcrum.Configuration;
using Fulcrum.Health;
using Fulcrum.L4.ProxyProtocol;
using Fulcrum.LoadBalancing;
using Fulcrum.Resilience;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Clusters;

/// <summary>A cluster as compiled from one config snapshot: everything a request needs, resolved once.</summary>
internal sealed class ClusterModel
{
    public required string Name { get; init; }

    public required ClusterConfig Config { get; init; }

    public required ILoadBalancingPolicy LoadBalancer { get; init; }

    public required HashKeySource HashKey { get; init; }

    public required HttpMessageInvoker Invoker { get; init; }

    /// <summary>Version, version policy and activity timeout for requests that use the cluster's default timeout.</summary>
    public required ForwarderRequestConfig RequestConfig { get; init; }

    /// <summary>
    /// The lean HTTP/1.1 path's connection settings when this cluster uses it (<c>http.forwarder: auto</c>, HTTP/1.1),
    /// null when every request goes through YARP.
    /// </summary>
    public Pipeline.Http1.Http1PoolSettings? Http1 { get; init; }

    public required RetryModel Retries { get; init; }

    public ActiveHealthModel? ActiveHealth { get; init; }

    public PassiveHealthModel? PassiveHealth { get; init; }

    public bool PanicMode => Config.HealthCheck.PanicMode;

    /// <summary>The 503 body when no destination is available, encoded once.</summary>
    public required byte[] NoHealthyDestinationBody { get; init; }

    /// <summary>tcp clusters: longest wait for a destination to accept before the next one is tried.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>tcp clusters: the PROXY protocol header sent to a destination before the client's bytes, if any.</summary>
    public ProxyProtocolVersion SendProxyProtocol { get; init; }
}
