namespace Fulcrum.Configuration;

/// <summary>A pool of destinations with one balancing policy, health checks, retries and an upstream client.</summary>
internal sealed record ClusterConfig
{
    /// <summary><c>http</c> for layer 7 clusters; <c>tcp</c> or <c>udp</c> (destinations are <c>host:port</c>) for layer 4.</summary>
    public string Protocol { get; init; } = "http";

    public LoadBalancingConfig LoadBalancing { get; init; } = new();

    public IReadOnlyDictionary<string, DestinationConfig> Destinations { get; init; } = ConfigDefaults.EmptyMap<DestinationConfig>();

    public HealthCheckConfig HealthCheck { get; init; } = new();

    public RetryConfig Retries { get; init; } = new();

    public HttpClientConfig Http { get; init; } = new();

    /// <summary>tcp clusters: connect timeout towards destinations.</summary>
    public TcpClientConfig? Tcp { get; init; }

    /// <summary>tcp clusters: <c>v1</c> or <c>v2</c> sends a PROXY protocol header with the client's address first.</summary>
    public string? SendProxyProtocol { get; init; }
}
