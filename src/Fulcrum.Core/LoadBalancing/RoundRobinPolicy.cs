using Fulcrum.Clusters;

namespace Fulcrum.LoadBalancing;

/// <summary>Each destination in turn, ignoring weights.</summary>
/// <remarks>
/// Thread-safety: one Interlocked increment per pick, no lock. The counter is unsigned so that when it wraps
/// after 2^32 picks the modulo stays non-negative; the only effect of the wrap is one out-of-turn pick when
/// the set size does not divide 2^32. The counter is shared across set changes on purpose: a new set simply
/// continues the rotation from wherever the counter is.
/// </remarks>
internal sealed class RoundRobinPolicy : ILoadBalancingPolicy
{
    // Starts one before zero so the first pick is the first destination.
    private uint _counter = uint.MaxValue;

    public DestinationState? Pick(in LoadBalancingContext context, DestinationSet available)
    {
        var items = available.Items;
        if (items.Length == 0)
        {
            return null;
        }

        var turn = Interlocked.Increment(ref _counter);
        return items[(int)(turn % (uint)items.Length)];
    }
}
