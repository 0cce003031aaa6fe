namespace Fulcrum.Configuration;

/// <summary>A pool of destinations with one balancing policy, health checks, retries and an upstream client.</summary>
internal sealed record ClusterConfig
{
    /// <summary><c>http</c> for layer 7 clusters.</summary>
    public string Protocol { get; init; } = "http";

    public LoadBalancingConfig LoadBalancing { get; init; } = new();

    public IReadOnlyDictionary<string, DestinationConfig> Destinations { get; init; } = ConfigDefaults.EmptyMap<DestinationConfig>();

    public HealthCheckConfig HealthCheck { get; init; } = new();

    public RetryConfig Retries { get; init; } = new();

    public HttpClientConfig Http { get; init; } = new();
}
