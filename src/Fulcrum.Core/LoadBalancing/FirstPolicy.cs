using Fulcrum.Clusters;

namespace Fulcrum.LoadBalancing;

/// <summary>
/// Always the first available destination in set (config) order: active/standby failover. The available set
/// already excludes unhealthy destinations, so the standby receives traffic exactly while the primary is out.
/// </summary>
internal sealed class FirstPolicy : ILoadBalancingPolicy
{
    public DestinationState? Pick(in LoadBalancingContext context, DestinationSet available)
    {
        var items = available.Items;
        return items.Length == 0 ? null : items[0];
    }
}
