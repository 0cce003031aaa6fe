using Fulcrum.Clusters;

namespace Fulcrum.LoadBalancing;

/// <summary>
/// Picks one destination among those available. One instance per cluster model; called concurrently from
/// many requests, so implementations are thread-safe and allocate nothing per pick.
/// </summary>
internal interface ILoadBalancingPolicy
{
    /// <summary>Returns null only when <paramref name="available"/> is empty.</summary>
    DestinationState? Pick(in LoadBalancingContext context, DestinationSet available);
}
