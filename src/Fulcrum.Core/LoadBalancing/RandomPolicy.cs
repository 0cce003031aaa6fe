using Fulcrum.Clusters;

namespace Fulcrum.LoadBalancing;

/// <summary>A uniformly random destination, ignoring weights. Stateless, so thread-safe.</summary>
internal sealed class RandomPolicy : ILoadBalancingPolicy
{
    private readonly IRandomSource _random;

    public RandomPolicy(IRandomSource random) => _random = random;

    public DestinationState? Pick(in LoadBalancingContext context, DestinationSet available)
    {
        var items = available.Items;
        return items.Length == 0 ? null : items[_random.Next(items.Length)];
    }
}
