namespace Fulcrum.Configuration;

/// <summary>The whole configuration file, exactly as written (after <c>${ENV}</c> substitution).</summary>
internal sealed record GatewayConfig
{
    public IReadOnlyDictionary<string, ListenerConfig> Listeners { get; init; } = ConfigDefaults.EmptyMap<ListenerConfig>();
    public IReadOnlyDictionary<string, RouteConfig> Routes { get; init; } = ConfigDefaults.EmptyMap<RouteConfig>();
    public IReadOnlyDictionary<string, ClusterConfig> Clusters { get; init; } = ConfigDefaults.EmptyMap<ClusterConfig>();
    public IReadOnlyDictionary<string, PolicyConfig> Policies { get; init; } = ConfigDefaults.EmptyMap<PolicyConfig>();
    public StoresConfig Stores { get; init; } = new();
    public AdminConfig? Admin { get; init; }
    public ObservabilityConfig Observability { get; init; } = new();
}
