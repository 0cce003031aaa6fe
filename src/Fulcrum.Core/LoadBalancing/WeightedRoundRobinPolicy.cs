using Fulcrum.Clusters;

namespace Fulcrum.LoadBalancing;

/// <summary>Round robin in proportion to <see cref="DestinationModel.Weight"/>, interleaved (nginx "smooth").</summary>
/// <remarks>
/// Each destination keeps a current weight. On every pick each current weight grows by its destination's weight,
/// the largest wins (the first in set order on a tie), and the winner's current weight drops by the sum of all
/// weights. Over one cycle of sum-of-weights picks every destination is picked exactly weight times, and heavy
/// destinations are spread out rather than picked in a burst: weights 5, 1, 1 give a a b a c a a.
/// The current weights belong to one <see cref="DestinationSet"/> instance and restart from zero when a new set
/// is published; weights are read when that happens, which is also when a reload changes them.
/// Weights below 1 count as 1 so a destination in the set is never starved.
/// Thread-safety: the update touches every current weight, so picks are serialised by a lock; the critical
/// section is a short loop over the set and allocates nothing (state is rebuilt only on a set change).
/// </remarks>
internal sealed class WeightedRoundRobinPolicy : ILoadBalancingPolicy
{
    private readonly Lock _lock = new();
    private State? _state;

    public DestinationState? Pick(in LoadBalancingContext context, DestinationSet available)
    {
        var items = available.Items;
        var count = items.Length;
        if (count <= 1)
        {
            return count == 0 ? null : items[0];
        }

        lock (_lock)
        {
            var state = _state;
            if (state is null || !ReferenceEquals(state.Set, available))
            {
                state = _state = new State(available);
            }

            var weights = state.Weights;
            var current = state.Current;
            var best = 0;
            for (var i = 0; i < count; i++)
            {
                current[i] += weights[i];
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= state.TotalWeight;
            return items[best];
        }
    }

    private sealed class State
    {
        public State(DestinationSet set)
        {
            Set = set;
            var items = set.Items;
            Weights = new long[items.Length];
            Current = new long[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                Weights[i] = Math.Max(1, items[i].Model.Weight);
                TotalWeight += Weights[i];
            }
        }

        public DestinationSet Set { get; }

        public long[] Weights { get; }

        // Signed: the winner goes negative by design. Bounded by the total weight, so long never overflows.
        public long[] Current { get; }

        public long TotalWeight { get; }
    }
}
