using Fulcrum.Clusters;

namespace Fulcrum.LoadBalancing;

/// <summary>
/// Sends every request with the same key hash to the same destination while the set is unchanged, and moves
/// only about 1/n of keys when one of n destinations joins or leaves. Requests without a key go to a random
/// destination.
/// </summary>
/// <remarks>
/// The lookup structure (<see cref="MaglevTable"/> or <see cref="HashRing"/>) is built once per
/// <see cref="DestinationSet"/> instance and cached by reference, never per pick. Two tables are kept, the
/// current and the previous one, because two sets can legitimately be in use at once: picks that read the
/// available set just before a health change publishes a new one, and a cluster switching between its
/// available set and all destinations in panic mode. With one slot those would rebuild a table on every
/// alternation.
/// Thread-safety: picks read the cached tables lock-free through volatile fields; a table is fully built before
/// it is published. Builds take a lock so that a burst of requests after a set change builds one table, not one
/// per request.
/// </remarks>
internal sealed class ConsistentHashPolicy : ILoadBalancingPolicy
{
    private readonly IRandomSource _random;
    private readonly int _maglevTableSize;
    private readonly Lock _buildLock = new();
    private volatile IConsistentHashTable? _current;
    private volatile IConsistentHashTable? _previous;

    public ConsistentHashPolicy(ConsistentHashAlgorithm algorithm, IRandomSource random, int maglevTableSize = MaglevTable.DefaultSize)
    {
        if (algorithm is not (ConsistentHashAlgorithm.Maglev or ConsistentHashAlgorithm.Ring))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown consistent hash algorithm.");
        }

        // Checked here so a bad size fails when the cluster model is built, not on the first request.
        if (algorithm == ConsistentHashAlgorithm.Maglev && !MaglevTable.IsValidSize(maglevTableSize))
        {
            throw new ArgumentOutOfRangeException(nameof(maglevTableSize), maglevTableSize, "The Maglev table size must be a prime number.");
        }

        Algorithm = algorithm;
        _random = random;
        _maglevTableSize = maglevTableSize;
    }

    public ConsistentHashAlgorithm Algorithm { get; }

    public DestinationState? Pick(in LoadBalancingContext context, DestinationSet available)
    {
        var items = available.Items;
        var count = items.Length;
        if (count <= 1)
        {
            return count == 0 ? null : items[0];
        }

        if (!context.HasHash)
        {
            return items[_random.Next(count)];
        }

        // Re-mixed because the caller's hash may come from a weak source (sequential ids, a truncated value);
        // the ring in particular needs keys spread over all 64 bits. A few multiplies per pick.
        return TableFor(available).Lookup(HashKey.Mix(context.Hash));
    }

    private IConsistentHashTable TableFor(DestinationSet set)
    {
        if (Cached(set) is { } table)
        {
            return table;
        }

        lock (_buildLock)
        {
            // Another request may have built it while this one waited for the lock.
            if (Cached(set) is { } built)
            {
                return built;
            }

            IConsistentHashTable fresh = Algorithm == ConsistentHashAlgorithm.Maglev
                ? MaglevTable.Build(set, _maglevTableSize)
                : HashRing.Build(set);
            _previous = _current;
            _current = fresh;
            return fresh;
        }
    }

    private IConsistentHashTable? Cached(DestinationSet set)
    {
        var current = _current;
        if (current is not null && ReferenceEquals(current.Set, set))
        {
            return current;
        }

        var previous = _previous;
        return previous is not null && ReferenceEquals(previous.Set, set) ? previous : null;
    }
}
