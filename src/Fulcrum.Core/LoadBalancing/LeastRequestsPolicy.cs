using Fulcrum.Clusters;

namespace Fulcrum.LoadBalancing;

/// <summary>The destination with the fewest requests in flight.</summary>
/// <remarks>
/// Ties are broken by rotation, not by set order: the scan starts one position further on each pick and only
/// a strictly lower count replaces the candidate. With set-order ties an idle or lightly loaded cluster (every
/// count zero between short requests) would send everything to the first destination.
/// Thread-safety: counts are read without a lock, so two concurrent picks may both see the same destination
/// as least loaded; the counts correct themselves on the next picks. The scan is O(n), fine for the tens of
/// destinations a cluster has; <see cref="PowerOfTwoChoicesPolicy"/> is the O(1) alternative.
/// </remarks>
internal sealed class LeastRequestsPolicy : ILoadBalancingPolicy
{
    // Unsigned so the modulo stays non-negative when the counter wraps; starts so the first scan starts at 0.
    private uint _start = uint.MaxValue;

    public DestinationState? Pick(in LoadBalancingContext context, DestinationSet available)
    {
        var items = available.Items;
        var count = items.Length;
        if (count == 0)
        {
            return null;
        }

        var index = (int)(Interlocked.Increment(ref _start) % (uint)count);
        var best = items[index];
        var bestInFlight = best.InFlight;
        for (var i = 1; i < count && bestInFlight > 0; i++)
        {
            if (++index == count)
            {
                index = 0;
            }

            var candidate = items[index];
            var inFlight = candidate.InFlight;
            if (inFlight < bestInFlight)
            {
                best = candidate;
                bestInFlight = inFlight;
            }
        }

        return best;
    }
}
