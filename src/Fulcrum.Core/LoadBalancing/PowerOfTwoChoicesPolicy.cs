using Fulcrum.Clusters;

namespace Fulcrum.LoadBalancing;

/// <summary>
/// Two distinct random destinations; the one with fewer requests in flight wins (the first drawn on a tie).
/// </summary>
/// <remarks>
/// Nearly as even as least-requests but O(1), and it avoids the herd effect where every concurrent pick sees
/// the same least-loaded destination. Stateless apart from the random source, so thread-safe.
/// </remarks>
internal sealed class PowerOfTwoChoicesPolicy : ILoadBalancingPolicy
{
    private readonly IRandomSource _random;

    public PowerOfTwoChoicesPolicy(IRandomSource random) => _random = random;

    public DestinationState? Pick(in LoadBalancingContext context, DestinationSet available)
    {
        var items = available.Items;
        var count = items.Length;
        if (count <= 1)
        {
            return count == 0 ? null : items[0];
        }

        // Drawing the second from count - 1 and skipping over the first keeps both distinct and uniform
        // without a retry loop.
        var first = _random.Next(count);
        var second = _random.Next(count - 1);
        if (second >= first)
        {
            second++;
        }

        var a = items[first];
        var b = items[second];
        return b.InFlight < a.InFlight ? b : a;
    }
}
